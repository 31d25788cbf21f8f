#include "report/page_assets.hpp"

namespace flujo::report {

const std::string_view page_style = R"css(
:root { --ink: #111; --muted: #454b52; --rule: #cfd4da; --accent: #0b5cad;
        --pass: #0a6b2d; --fail: #b00020; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink); font-size: 20px; line-height: 1.5;
       font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
       sans-serif; }
header { padding: 32px 40px 20px; border-bottom: 5px solid var(--accent); }
h1 { font-size: 2.2em; line-height: 1.15; margin: 0 0 0.2em; }
.subtitle { font-size: 1.15em; color: var(--muted); margin: 0; }
.hint { font-size: 0.85em; color: var(--muted); margin: 0.6em 0 0; }
main { max-width: 1800px; margin: 0 auto; padding: 0 40px 48px; }
section { margin-top: 44px; }
h2 { font-size: 1.6em; margin: 0 0 0.4em; padding-bottom: 0.2em;
     border-bottom: 2px solid var(--rule); }
section > p { max-width: 75ch; margin: 0 0 0.8em; }
.figures { display: grid; gap: 24px; margin-top: 20px;
           grid-template-columns: repeat(auto-fit, minmax(min(100%, 400px), 1fr)); }
/* An outline, not a border: Plotly sizes its drawing to the element and would cover a border. */
.plot { min-width: 0; height: 560px; outline: 1px solid var(--rule); border-radius: 6px; }
.plot.wide { grid-column: 1 / -1; height: 500px; }
.table-figure { grid-column: 1 / -1; overflow-x: auto; }
table { width: 100%; border-collapse: collapse; }
caption { text-align: left; font-weight: 700; font-size: 1.15em; padding-bottom: 0.4em; }
th, td { padding: 0.45em 0.8em; text-align: left; vertical-align: top;
         border-bottom: 1px solid var(--rule); }
thead th { background: #e9edf2; border-bottom: 2px solid #8d96a0; }
tbody tr:nth-child(even) { background: #f6f7f9; }
td.number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.verdict { font-weight: 700; white-space: nowrap; }
td.verdict.pass { color: var(--pass); }
td.verdict.fail { color: var(--fail); }
td.verdict.none { color: var(--muted); }
td.note { color: var(--muted); font-size: 0.9em; }
#report-error { margin: 24px 40px 0; padding: 16px 20px; border: 3px solid var(--fail);
                color: var(--fail); background: #fff4f5; font-weight: 700; }
)css";

const std::string_view error_trap_script = R"js(
(function () {
  'use strict';
  var root = document.documentElement;
  function failed() { return root.dataset.reportStatus.indexOf('error:') === 0; }
  function show() {
    var banner = document.getElementById('report-error');
    if (!banner || !failed()) return;
    banner.hidden = false;
    banner.textContent = 'Some figures could not be drawn: ' + root.dataset.reportStatus.slice(6);
  }
  window.flujoReportFail = function (message) {
    if (!failed()) root.dataset.reportStatus = 'error:' + message;
    show();
  };
  window.addEventListener('error', function (event) {
    window.flujoReportFail(event.message || 'a resource failed to load');
  }, true);
  window.addEventListener('unhandledrejection', function (event) {
    var reason = event.reason;
    window.flujoReportFail(reason && reason.message ? reason.message : String(reason));
  });
  var consoleError = console.error;
  console.error = function () {
    window.flujoReportFail(Array.prototype.map.call(arguments, String).join(' '));
    consoleError.apply(console, arguments);
  };
  document.addEventListener('DOMContentLoaded', show);
})();
)js";

const std::string_view page_script = R"js(
(function () {
  'use strict';
  var root = document.documentElement;
  var builders = window.flujoFigureBuilders;
  var config = { responsive: true, displaylogo: false };

  function message(error) { return error && error.message ? error.message : String(error); }

  // Each figure on its own: one that fails is reported and the others are still drawn.
  function drawFigure(div, figure) {
    return Promise.resolve().then(function () {
      var build = builders[figure.kind];
      if (!build) throw new Error('unknown figure kind "' + figure.kind + '"');
      var spec = build(figure);
      return Plotly.newPlot(div, spec.data, spec.layout, config);
    }).then(function () {
      if (figure.kind === 'scatter3d' && !div.querySelector('canvas')) {
        throw new Error('no WebGL canvas (3-D figures need WebGL)');
      }
      div.dataset.drawn = '1';
      return 1;
    }).catch(function (error) {
      window.flujoReportFail('figure "' + figure.title + '": ' + message(error));
      return 0;
    });
  }

  try {
    var figures = JSON.parse(document.getElementById('report-data').textContent);
    var divs = Array.prototype.slice.call(document.querySelectorAll('[data-figure]'));
    Promise.all(divs.map(function (div) {
      return drawFigure(div, figures[Number(div.dataset.figure)]);
    })).then(function (drawn) {
      if (root.dataset.reportStatus === 'pending') {
        var total = drawn.reduce(function (sum, one) { return sum + one; }, 0);
        root.dataset.reportStatus = 'ok:' + total + '/' + divs.length;
      }
    });
  } catch (error) {
    window.flujoReportFail(message(error));
  }
})();
)js";

}  // namespace flujo::report
