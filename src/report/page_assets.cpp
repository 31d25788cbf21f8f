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
  var palette = ['#0b5cad', '#d1495b', '#2a9d4b', '#e08a00', '#6a3d9a', '#008b8b', '#6b6b6b'];
  var font = { family: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
               size: 16, color: '#111' };
  var grid = '#e1e5ea';
  var config = { responsive: true, displaylogo: false };

  function axisTitle(text) { return { text: text, font: { size: 18 } }; }

  function baseLayout(figure) {
    // The title sits below the row of Plotly's tool buttons, so a long one never runs under them.
    return { title: { text: figure.title, font: { size: 20 }, x: 0.02, xanchor: 'left',
                      yref: 'container', y: 1, yanchor: 'top', pad: { t: 34 } },
             font: font, paper_bgcolor: '#fff', plot_bgcolor: '#fff',
             margin: { l: 80, r: 24, t: 80, b: 70 } };
  }

  function scatter3d(figure) {
    var scaleShown = false;
    var data = figure.clouds.map(function (cloud, i) {
      var marker = { size: figure.marker_size, opacity: 0.85 };
      if (cloud.colour.length > 0) {
        marker.color = cloud.colour;
        marker.colorscale = figure.colour_scale;
        if (figure.colour_min !== null) {
          marker.cmin = figure.colour_min;
          marker.cmax = figure.colour_max;
        }
        marker.showscale = !scaleShown;
        // Horizontal, under the scene: a side bar would take a third of a narrow figure's width.
        marker.colorbar = { title: { text: figure.colour_label, side: 'top', font: { size: 16 } },
                            orientation: 'h', x: 0.5, xanchor: 'center', y: 0.01,
                            yanchor: 'bottom', len: 0.8, thickness: 12 };
        scaleShown = true;
      } else {
        marker.color = palette[i % palette.length];
      }
      return { type: 'scatter3d', mode: 'markers', name: cloud.name, marker: marker,
               x: cloud.x, y: cloud.y, z: cloud.z };
    });
    function axis(k) {
      return { title: axisTitle(figure.axis_labels[k]), gridcolor: '#d5dae0', nticks: 6,
               backgroundcolor: '#fafbfc', showbackground: true };
    }
    var layout = baseLayout(figure);
    layout.margin = { l: 0, r: 0, t: 80, b: 0 };
    // The camera a little further out than Plotly's default keeps the axis labels in view.
    var bottom = scaleShown ? 0.16 : 0;
    layout.scene = { xaxis: axis(0), yaxis: axis(1), zaxis: axis(2), aspectmode: 'cube',
                     domain: { x: [0, 1], y: [bottom, 1] },
                     camera: { eye: { x: 1.7, y: 1.7, z: 1.2 } } };
    layout.showlegend = figure.clouds.length > 1;
    layout.legend = { x: 0.01, y: 1, yanchor: 'top', itemsizing: 'constant',
                      bgcolor: 'rgba(255,255,255,0.85)' };
    return { data: data, layout: layout };
  }

  function decades(series) {
    var low = Infinity, high = 0;
    series.forEach(function (each) {
      each.y.forEach(function (v) {
        if (v !== null && v > 0) { low = Math.min(low, v); high = Math.max(high, v); }
      });
    });
    return high > low ? Math.log10(high / low) : 0;
  }

  function lines(figure) {
    var data = figure.series.map(function (series, i) {
      return { type: 'scatter', mode: 'lines', name: series.name, x: figure.x, y: series.y,
               line: { color: palette[i % palette.length], width: 2.5,
                       dash: series.dashed ? 'dash' : 'solid' } };
    });
    var markers = figure.markers.filter(function (marker) { return marker.x !== null; });
    var layout = baseLayout(figure);
    layout.xaxis = { title: axisTitle(figure.x_label), gridcolor: grid, zeroline: false };
    layout.yaxis = { title: axisTitle(figure.y_label), gridcolor: grid, zeroline: false,
                     type: figure.log_y ? 'log' : 'linear', exponentformat: 'power' };
    // Over a decade or more, label powers of ten only: Plotly's 2..9 labels crowd together.
    if (figure.log_y && decades(figure.series) >= 1) layout.yaxis.dtick = 1;
    layout.shapes = markers.map(function (marker) {
      return { type: 'line', xref: 'x', yref: 'paper', x0: marker.x, x1: marker.x, y0: 0, y1: 1,
               line: { color: '#333', width: 2, dash: 'dot' } };
    });
    layout.annotations = markers.map(function (marker) {
      return { xref: 'x', yref: 'paper', x: marker.x, y: 1, yanchor: 'bottom', xanchor: 'left',
               text: marker.label, showarrow: false, font: { size: 16 } };
    });
    return { data: data, layout: layout };
  }

  function persistence(figure) {
    var low = 0, high = 0;
    figure.dimensions.forEach(function (pairs) {
      [pairs.birth, pairs.death, pairs.essential].forEach(function (values) {
        values.forEach(function (v) { low = Math.min(low, v); high = Math.max(high, v); });
      });
    });
    if (high <= low) high = low + 1;
    var infinity = high + 0.1 * (high - low);
    var pad = 0.04 * (infinity - low);
    var data = [{ type: 'scatter', mode: 'lines', x: [low, infinity], y: [low, infinity],
                  line: { color: '#888', width: 1.5 }, hoverinfo: 'skip', showlegend: false }];
    figure.dimensions.forEach(function (pairs) {
      var colour = palette[pairs.dimension % palette.length];
      data.push({ type: 'scatter', mode: 'markers', name: 'H' + pairs.dimension,
                  x: pairs.birth, y: pairs.death,
                  marker: { color: colour, size: 10, opacity: 0.8 } });
      if (pairs.essential.length > 0) {
        data.push({ type: 'scatter', mode: 'markers', name: 'H' + pairs.dimension + ' (never dies)',
                    x: pairs.essential, y: pairs.essential.map(function () { return infinity; }),
                    marker: { color: colour, size: 12, symbol: 'triangle-up' } });
      }
    });
    var layout = baseLayout(figure);
    var range = [low - pad, infinity + pad];
    layout.xaxis = { title: axisTitle('birth'), range: range, gridcolor: grid, zeroline: false };
    layout.yaxis = { title: axisTitle('death'), range: range, gridcolor: grid, zeroline: false };
    // Below the diagonal is empty by construction: room for the legend.
    layout.legend = { x: 0.98, xanchor: 'right', y: 0.02, yanchor: 'bottom',
                      bgcolor: 'rgba(255,255,255,0.85)', bordercolor: '#cfd4da', borderwidth: 1 };
    layout.shapes = [{ type: 'line', xref: 'paper', x0: 0, x1: 1, yref: 'y', y0: infinity,
                       y1: infinity, line: { color: '#888', width: 1.5, dash: 'dash' } }];
    layout.annotations = [{ xref: 'paper', x: 1, xanchor: 'right', yref: 'y', y: infinity,
                            yanchor: 'bottom', text: '\u221e', showarrow: false,
                            font: { size: 20 } }];
    return { data: data, layout: layout };
  }

  var builders = { scatter3d: scatter3d, lines: lines, persistence: persistence };

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
