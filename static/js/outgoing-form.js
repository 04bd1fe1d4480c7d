// 起草: show when the chosen 文种 is used, offer only the directions it may take,
// and pick the usual 版式 (函 → 信函式, 纪要 → 纪要式, no seal on a 纪要).
(function () {
  "use strict";
  var guideNode = document.getElementById("doc-type-guide");
  if (!guideNode) { return; }
  var guide = JSON.parse(guideNode.textContent);
  var docType = document.getElementById("id_doc_type");
  var direction = document.getElementById("id_direction");
  var form = document.getElementById("id_form");
  var seal = document.getElementById("id_with_seal");
  var note = document.getElementById("doc-type-note");
  var attendance = document.getElementById("attendance-fields");

  // 出席 / 请假 / 列席 are printed on a 纪要式 only: shown while that 版式 is chosen.
  function showAttendance() {
    if (attendance) { attendance.hidden = form.value !== "minutes"; }
  }
  form.addEventListener("change", showAttendance);

  function apply(initial) {
    var entry = guide[docType.value];
    note.textContent = entry ? entry.note : "";
    Array.prototype.forEach.call(direction.options, function (option) {
      option.disabled = !!entry && entry.directions.indexOf(option.value) < 0;
    });
    if (entry && direction.options[direction.selectedIndex].disabled) {
      direction.value = entry.directions[0];
    }
    if (initial) { showAttendance(); return; }
    if (docType.value === "letter") { form.value = "letter"; }
    else if (docType.value === "minutes") { form.value = "minutes"; seal.checked = false; }
    else if (form.value !== "file") { form.value = "file"; }
    showAttendance();
  }
  docType.addEventListener("change", function () { apply(false); });
  apply(true);
})();
