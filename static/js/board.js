/* Dashboards (看板): draw each chart from its json_script data; a click on a bar opens the list
   behind it. The table beside each chart holds the same figures (print, screen readers). */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") return;
  // Okabe–Ito: distinguishable with the common colour-vision deficiencies.
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    var height = spec.columns ? 260 : Math.max(160, Math.min(420, spec.labels.length * 26 + 60));
    canvas.parentNode.style.height = height + "px";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: PALETTE[i % PALETTE.length] };
        })
      },
      options: {
        indexAxis: !spec.columns && spec.labels.length > 6 ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: (function () {
          var axis = !spec.columns && spec.labels.length > 6 ? "x" : "y", scales = {};
          scales[axis] = spec.suffix === "%" ? { min: 0, max: 100 } : { beginAtZero: true, ticks: { precision: 0 } };
          return scales;
        })(),
        plugins: { legend: { display: spec.series.length > 1, position: "bottom" } },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        },
        onClick: function (event, elements) {
          if (!elements.length) return;
          var link = spec.series[elements[0].datasetIndex].links[elements[0].index];
          if (link) window.location.href = link;
        }
      }
    });
  });
})();
