// The 收文处理笺 page: its 打印 button prints the page (no inline handler: the CSP forbids them).
(function () {
  "use strict";
  var button = document.querySelector("[data-slip-print]");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
})();
