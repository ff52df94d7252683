// Progressive enhancement only: every page works without this file.
(function () {
  // An error summary takes focus so screen-reader and keyboard users hear it first.
  var summary = document.querySelector('[data-autofocus]');
  if (summary) summary.focus();

  // A button marked data-once is disabled once pressed: a double click sends one request
  // (the server would make one dossier anyway).
  Array.prototype.forEach.call(document.querySelectorAll('[data-once]'), function (button) {
    button.form.addEventListener('submit', function () {
      setTimeout(function () {
        button.disabled = true;
      }, 0);
    });
  });

  // Suggestions while typing, offered through the input's <datalist>.
  var input = document.querySelector('input[data-suggest]');
  if (!input) return;
  var list = document.getElementById(input.getAttribute('list'));
  var timer = null;
  var controller = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) return;
    timer = setTimeout(function () {
      if (controller) controller.abort();
      controller = new AbortController();
      var lang = document.documentElement.lang;
      fetch(input.getAttribute('data-suggest') + '?' + new URLSearchParams({ q: q }), {
        signal: controller.signal,
        headers: { Accept: 'application/json', 'Accept-Language': lang },
      })
        .then(function (response) {
          return response.ok ? response.json() : { items: [] };
        })
        .then(function (body) {
          list.replaceChildren();
          body.items.forEach(function (item) {
            var option = document.createElement('option');
            option.value = lang === 'en' ? item.nameEn : item.name;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 150);
  });
})();
