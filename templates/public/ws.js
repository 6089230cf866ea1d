// Case workspace, progressive enhancement only: every page works without it.
// 1. After a save or a refused form, move focus to the confirmation or the error summary, so a
//    screen-reader user hears what happened (the page itself already says it).
// 2. Ask before a destructive form (data-ws-confirm) is sent.
(function () {
  'use strict';
  function ready(fn) {
    if (document.readyState !== 'loading') fn();
    else document.addEventListener('DOMContentLoaded', fn);
  }
  ready(function () {
    var target = document.querySelector('.ws-error-summary[data-ws-focus]') || document.querySelector('[data-ws-focus]');
    if (target) target.focus();
    document.addEventListener('submit', function (event) {
      var form = event.target;
      var question = form && form.getAttribute && form.getAttribute('data-ws-confirm');
      if (question && !window.confirm(question)) event.preventDefault();
    });
  });
})();
