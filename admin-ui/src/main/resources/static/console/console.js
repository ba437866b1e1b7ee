// Tessera console: the little behaviour htmx does not give (served from the app; the CSP allows scripts from 'self' only).
(function () {
  // htmx requests carry the session's CSRF token, like the forms do
  document.addEventListener("htmx:configRequest", function (event) {
    var header = document.querySelector("meta[name=csrf-header]");
    var token = document.querySelector("meta[name=csrf-token]");
    if (header && token) {
      event.detail.headers[header.content] = token.content;
    }
  });
  // upload progress
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = document.getElementById("upload-progress");
    if (bar && event.detail.lengthComputable) {
      bar.hidden = false;
      bar.value = Math.round(event.detail.loaded * 100 / event.detail.total);
    }
  });
  // confirmations for destructive buttons
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
