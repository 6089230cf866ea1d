// Teams tab single sign-on: ask Teams for a token for Harbour's API, let the server check it and
// start a session, then open the case workspace (the case named by a deep link, if any).
(function () {
  'use strict';
  var status = document.getElementById('status');
  var say = function (text) {
    status.textContent = text;
  };
  var teams = window.microsoftTeams;
  if (!teams) return say('This page opens inside Microsoft Teams. Use the link below to open Harbour in your browser.');
  teams.app
    .initialize()
    .then(function () {
      return Promise.all([teams.authentication.getAuthToken(), teams.app.getContext()]);
    })
    .then(function (results) {
      var token = results[0];
      var context = results[1] || {};
      var caseId = (context.page && context.page.subPageId) || '';
      return fetch('/tab/sso', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: token }),
      }).then(function (res) {
        if (res.status === 204) {
          var safe = /^[0-9a-f-]{36}$/i.test(caseId) ? caseId : '';
          window.location.replace('/tab/cases' + (safe ? '/' + safe : ''));
          return;
        }
        return res.json().then(function (body) {
          say(body.message || 'Harbour could not sign you in.');
        });
      });
    })
    .catch(function () {
      say('Teams could not sign you in to Harbour. Close the tab and open it again, or use the link below.');
    });
})();
