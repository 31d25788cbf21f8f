// figure_script: how each kind of figure of plot_data is drawn with Plotly, in one look.
#include "report/page_assets.hpp"

namespace flujo::report {

const std::string_view figure_script = R"js(
window.flujoFigureBuilders = (function () {
  'use strict';
  var palette = ['#0b5cad', '#d1495b', '#2a9d4b', '#e08a00', '#6a3d9a', '#008b8b', '#6b6b6b'];
  var font = { family: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
               size: 16, color: '#111' };
  var grid = '#e1e5ea';

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

  function indices(n) {
    var out = [];
    for (var i = 0; i < n; ++i) out.push(i);
    return out;
  }

  // Smaller type as the labels or cells get more: 16 px for a short sentence, never below 9.
  function fitted(count, room) {
    return Math.max(9, Math.min(16, Math.floor(room / Math.max(count, 1))));
  }

  // plotly.js runs these scales from dark to light, against matplotlib and plotly.py: reversed, a
  // larger value is the darker cell on white paper, in every sequential scale.
  var darkFirst = { Blues: true, Greens: true, Greys: true, YlGnBu: true, YlOrRd: true };

  // Numeric axes 0..n-1 labelled by tick text: labels may repeat, and Plotly would merge repeated
  // category names into one row or column.
  function heatmap(figure) {
    var rows = figure.row_labels, columns = figure.column_labels;
    var trace = { type: 'heatmap', x: indices(columns.length), y: indices(rows.length),
                  z: figure.values, zmin: figure.colour_min, zmax: figure.colour_max,
                  zauto: false, colorscale: figure.colour_scale, xgap: 1, ygap: 1,
                  reversescale: darkFirst.hasOwnProperty(figure.colour_scale),
                  hoverongaps: false,
                  colorbar: { title: { text: figure.colour_label, side: 'right',
                                       font: { size: 16 } }, thickness: 14, len: 0.9 },
                  hovertext: figure.values.map(function (values, r) {
                    return values.map(function (v, c) {
                      return rows[r] + ' \u2192 ' + columns[c] + ': ' +
                             (v === null ? '\u2014' : v.toFixed(3));
                    });
                  }),
                  hoverinfo: 'text' };
    if (figure.show_values) {
      // A null cell gets no text; Plotly picks a text colour that contrasts with each cell.
      trace.text = figure.values.map(function (values) {
        return values.map(function (v) { return v === null ? '' : v.toFixed(2); });
      });
      trace.texttemplate = '%{text}';
      trace.textfont = { size: fitted(columns.length, 400) };
    }
    function axis(title, labels) {
      return { title: axisTitle(title), tickmode: 'array', tickvals: indices(labels.length),
               ticktext: labels, tickfont: { size: fitted(labels.length, 420) }, showgrid: false,
               zeroline: false, ticks: '', automargin: true };
    }
    var layout = baseLayout(figure);
    layout.xaxis = axis(figure.x_label, columns);
    layout.yaxis = axis(figure.y_label, rows);
    layout.yaxis.autorange = 'reversed';  // row 0 at the top, as the matrix is read
    return { data: [trace], layout: layout };
  }

  function scatter2d(figure) {
    var data = figure.sets.map(function (set, i) {
      var labelled = set.labels.length > 0;
      // Labels may stand past the outermost points: unclipped, so that they are not cut off.
      return { type: 'scatter', mode: labelled ? 'markers+text' : 'markers', name: set.name,
               x: set.x, y: set.y, text: labelled ? set.labels : undefined,
               textposition: 'top center', textfont: { size: 15 }, cliponaxis: false,
               marker: { color: palette[i % palette.length], size: 10, opacity: 0.85 } };
    });
    if (figure.arrows.length > 0) {
      // Invisible ends of the arrows, so that the axes' autorange takes them in.
      var ends = { x: [], y: [] };
      figure.arrows.forEach(function (a) { ends.x.push(a.x0, a.x1); ends.y.push(a.y0, a.y1); });
      data.push({ type: 'scatter', mode: 'markers', x: ends.x, y: ends.y, showlegend: false,
                  hoverinfo: 'skip', marker: { opacity: 0 } });
    }
    var layout = baseLayout(figure);
    layout.xaxis = { title: axisTitle(figure.x_label), gridcolor: grid, zeroline: false };
    layout.yaxis = { title: axisTitle(figure.y_label), gridcolor: grid, zeroline: false };
    if (figure.equal_axes) { layout.yaxis.scaleanchor = 'x'; layout.yaxis.scaleratio = 1; }
    layout.showlegend = figure.sets.length > 1;
    layout.legend = { x: 0.01, y: 0.99, yanchor: 'top', bgcolor: 'rgba(255,255,255,0.85)',
                      bordercolor: '#cfd4da', borderwidth: 1 };
    layout.annotations = figure.arrows.map(function (a) {
      return { xref: 'x', yref: 'y', axref: 'x', ayref: 'y', x: a.x1, y: a.y1, ax: a.x0,
               ay: a.y0, text: '', showarrow: true, arrowhead: 2, arrowsize: 1.2,
               arrowwidth: 1.5, arrowcolor: 'rgba(60,60,60,0.75)', standoff: 5 };
    });
    return { data: data, layout: layout };
  }

  return { scatter3d: scatter3d, lines: lines, persistence: persistence, heatmap: heatmap,
           scatter2d: scatter2d };
})();
)js";

}  // namespace flujo::report
