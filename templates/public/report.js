// Progressive enhancement for the reporter's pages. Everything works without it; with it, the
// error summary takes focus, follow-up questions appear only when they apply, long answers show
// how much room is left, buildings follow the chosen campus, and a form can't be sent twice.
(function () {
  'use strict';
  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();

  function updateConditionals() {
    document.querySelectorAll('[data-conditional]').forEach(function (box) {
      var rule = box.getAttribute('data-conditional').split('=');
      var chosen = document.querySelector('input[name="' + rule[0] + '"]:checked');
      box.hidden = !(chosen && chosen.value === rule[1]);
    });
  }
  if (document.querySelector('[data-conditional]')) {
    document.addEventListener('change', updateConditionals);
    updateConditionals();
  }

  document.querySelectorAll('textarea[data-count]').forEach(function (area) {
    var max = Number(area.getAttribute('data-count'));
    var note = document.createElement('p');
    note.className = 'hint report-count';
    note.id = area.id + '-count';
    note.setAttribute('aria-live', 'polite');
    area.insertAdjacentElement('afterend', note);
    area.setAttribute('aria-describedby', ((area.getAttribute('aria-describedby') || '') + ' ' + note.id).trim());
    var timer;
    function show() {
      var left = max - area.value.length;
      var text = area.getAttribute(left >= 0 ? 'data-count-left' : 'data-count-over') || '{n}';
      note.textContent = text.replace('{n}', String(Math.abs(left)));
      note.classList.toggle('error-message', left < 0);
    }
    area.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(show, 400);
    });
    if (area.value.length > max * 0.8) show();
  });

  var campus = document.querySelector('select[data-campus]');
  var building = document.querySelector('select[name="building"]');
  function filterBuildings() {
    building.querySelectorAll('optgroup[data-campus]').forEach(function (group) {
      var other = campus.value && group.getAttribute('data-campus') !== campus.value;
      group.hidden = Boolean(other);
      group.disabled = Boolean(other);
    });
    var selected = building.selectedOptions[0];
    if (selected && selected.parentElement && selected.parentElement.disabled) building.value = '';
  }
  if (campus && building) {
    campus.addEventListener('change', filterBuildings);
    filterBuildings();
  }

  document.querySelectorAll('[data-report-form]').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      var button = e.submitter;
      var sending = button && (button.hasAttribute('data-send'));
      if (!sending) return;
      if (form.getAttribute('data-sending') === 'yes') {
        e.preventDefault();
        return;
      }
      form.setAttribute('data-sending', 'yes');
      button.setAttribute('aria-disabled', 'true');
      button.classList.add('button--busy');
    });
  });
})();
