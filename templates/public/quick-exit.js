// Quick exit: leaves for a neutral site and replaces this page in the history, so Back does not return.
(function () {
  function leave(url) {
    try { window.top.location.replace(url); } catch (e) { window.location.replace(url); }
  }
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('[data-quick-exit]');
    if (!b) return;
    e.preventDefault();
    leave(b.getAttribute('data-exit-url'));
  });
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    var b = document.querySelector('[data-quick-exit]');
    if (b) leave(b.getAttribute('data-exit-url'));
  });
})();
