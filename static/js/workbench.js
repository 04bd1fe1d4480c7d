// The workbench's tabs load by htmx: the tab just loaded becomes the active one.
(function () {
  "use strict";
  document.addEventListener("htmx:afterRequest", function (event) {
    var link = event.detail && event.detail.elt;
    if (!link || !link.matches || !link.matches(".sb-tabs .nav-link") || !event.detail.successful) { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".sb-tabs .nav-link"), function (tab) {
      tab.classList.toggle("active", tab === link);
      tab.setAttribute("aria-selected", tab === link ? "true" : "false");
    });
  });
})();
