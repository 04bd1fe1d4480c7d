/* 选人选单位 (office/picker.py): a search box whose matches become chips, each carrying a hidden
   input with the field's name. Mouse or keyboard: ↓/↑ through the matches, Enter chooses,
   Backspace in the empty box removes the last chip, Escape closes the matches. */
(function () {
  "use strict";

  function parts(picker) {
    return {
      input: picker.querySelector(".sb-picker-search"),
      chips: picker.querySelector(".sb-picker-chips"),
      matches: picker.querySelector(".sb-picker-matches"),
    };
  }

  function chosen(picker) {
    return Array.from(parts(picker).chips.querySelectorAll("input")).map(function (input) { return input.value; });
  }

  function close(picker) {
    var p = parts(picker);
    p.matches.replaceChildren();
    p.input.setAttribute("aria-expanded", "false");
  }

  function makeChip(picker, value, label) {
    var chip = document.createElement("span");
    chip.className = "sb-chip";
    chip.append(label);
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = picker.dataset.name;
    hidden.value = value;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "sb-chip-remove";
    remove.setAttribute("aria-label", picker.dataset.remove + " " + label);
    remove.textContent = "×";
    chip.append(hidden, remove);
    return chip;
  }

  function choose(picker, option) {
    var p = parts(picker);
    var value = option.dataset.value;
    if (picker.dataset.multiple !== "1") {
      p.chips.replaceChildren();
    }
    if (chosen(picker).indexOf(value) === -1) {
      p.chips.append(makeChip(picker, value, option.dataset.label));
    }
    p.input.value = "";
    close(picker);
    p.input.focus();
  }

  function mark(picker) {
    var values = chosen(picker);
    var p = parts(picker);
    p.matches.querySelectorAll(".sb-pick").forEach(function (option) {
      option.setAttribute("aria-selected", values.indexOf(option.dataset.value) === -1 ? "false" : "true");
    });
    p.input.setAttribute("aria-expanded", p.matches.children.length ? "true" : "false");
  }

  document.addEventListener("click", function (event) {
    var option = event.target.closest(".sb-pick");
    if (option) {
      choose(option.closest(".sb-picker"), option);
      return;
    }
    var remove = event.target.closest(".sb-chip-remove");
    if (remove) {
      var picker = remove.closest(".sb-picker");
      remove.closest(".sb-chip").remove();
      parts(picker).input.focus();
    }
  });

  document.addEventListener("keydown", function (event) {
    var picker = event.target.closest && event.target.closest(".sb-picker");
    if (!picker) {
      return;
    }
    var p = parts(picker);
    var options = Array.from(p.matches.querySelectorAll(".sb-pick"));
    var at = options.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      (options[at + 1] || options[0]).focus();
    } else if (event.key === "ArrowUp" && at !== -1) {
      event.preventDefault();
      (at === 0 ? p.input : options[at - 1]).focus();
    } else if (event.key === "Escape") {
      close(picker);
      p.input.focus();
    } else if (event.key === "Enter" && event.target === p.input) {
      event.preventDefault(); // never submits the form from the search box
      if (options.length) {
        choose(picker, options[0]);
      }
    } else if (event.key === "Backspace" && event.target === p.input && !p.input.value) {
      var last = p.chips.lastElementChild;
      if (last) {
        last.remove();
      }
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var picker = event.target.closest && event.target.closest(".sb-picker");
    if (picker) {
      mark(picker);
    }
  });
})();
