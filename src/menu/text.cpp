#include "flujo/menu/text.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "flujo/core/error.hpp"

namespace flujo::menu {
namespace {

const Words kEnglish{
    .foods = {"apple pie", "burger", "chicken"},
    .weathers = {"sunny", "cloudy"},
    .cook_names = {"The weather cook", "The obsessive cook", "The cook who got a life"},
    .cook_rules =
        {"Sunny → apple pie, cloudy → burger. One matrix, no memory: dish = W · weather.",
         "Apple pie → burger → chicken → apple pie …, whatever the weather: "
         "dish = R · yesterday's dish.",
         "Sunny: he goes out and serves yesterday's dish again; cloudy: he cooks the next dish "
         "of the cycle. dish = M · step(F · yesterday's dish + G · weather)."},
    .designed_heading = "Hand-designed matrices",
    .weather_matrix = "W: weather → dish",
    .recurrent_matrix = "R: yesterday's dish → today's dish",
    .food_units_matrix = "F: yesterday's dish → [same dish; next dish]",
    .weather_units_matrix = "G: weather → bias selecting the top (sunny) or bottom (cloudy) half",
    .step_rule = "step(x) = 1 if x > 1.5, else 0: only the unit where dish and weather agree fires",
    .merge_matrix = "M = [I I]: [same dish; next dish] → dish",
    .same = "same",
    .next = "next",
    .diary_heading = "The diary: {days} days, weather from seed {seed}; day 0 is the dish given",
    .day = "day",
    .weather = "weather",
    .dish = "dish",
    .learned_heading = "Learned from a {train}-day diary by backpropagation through time "
                       "({model}; windows of {window} days, batches of {batch}, {steps} Adam "
                       "steps)",
    .accuracy_line = "next-dish accuracy on {held_out} held-out days: {percent}% "
                     "({correct}/{held_out})",
    .learned_note = "Learned matrices need not equal the designed ones, only behave the same.",
    .learned_readout = "readout.weight: hidden state → dish scores",
    .learned_direct = "readout.weight: weather → dish scores",
    .learned_input = "rnn.weight_ih_l0: input (weather; day 0's dish on day 1 only) → hidden state",
    .learned_recurrent = "rnn.weight_hh_l0: yesterday's hidden state → today's",
    .bias = "bias",
    .day_zero_prefix = "day 0: ",
};

const Words kSpanish{
    .foods = {"tarta de manzana", "hamburguesa", "pollo"},
    .weathers = {"soleado", "nublado"},
    .cook_names = {"El cocinero del tiempo", "El cocinero obsesivo",
                   "El cocinero que tiene vida propia"},
    .cook_rules =
        {"Soleado → tarta de manzana, nublado → hamburguesa. Una matriz, sin memoria: "
         "plato = W · tiempo.",
         "Tarta de manzana → hamburguesa → pollo → tarta de manzana …, haga el tiempo que haga: "
         "plato = R · plato de ayer.",
         "Si hace sol sale y vuelve a servir el plato de ayer; si está nublado cocina el "
         "siguiente plato del ciclo. plato = M · escalón(F · plato de ayer + G · tiempo)."},
    .designed_heading = "Matrices diseñadas a mano",
    .weather_matrix = "W: tiempo → plato",
    .recurrent_matrix = "R: plato de ayer → plato de hoy",
    .food_units_matrix = "F: plato de ayer → [mismo plato; plato siguiente]",
    .weather_units_matrix =
        "G: tiempo → sesgo que elige la mitad de arriba (soleado) o la de abajo (nublado)",
    .step_rule = "escalón(x) = 1 si x > 1,5; si no, 0: solo se activa la unidad en la que "
                 "coinciden plato y tiempo",
    .merge_matrix = "M = [I I]: [mismo plato; plato siguiente] → plato",
    .same = "mismo",
    .next = "siguiente",
    .diary_heading = "El diario: {days} días, tiempo de la semilla {seed}; el día 0 es el plato "
                     "dado",
    .day = "día",
    .weather = "tiempo",
    .dish = "plato",
    .learned_heading = "Aprendido de un diario de {train} días por retropropagación en el tiempo "
                       "({model}; ventanas de {window} días, lotes de {batch}, {steps} pasos "
                       "de Adam)",
    .accuracy_line = "acierto del plato siguiente en {held_out} días reservados: {percent}% "
                     "({correct}/{held_out})",
    .learned_note = "Las matrices aprendidas no tienen por qué ser iguales a las diseñadas; "
                    "solo deben comportarse igual.",
    .learned_readout = "readout.weight: estado oculto → puntuación de cada plato",
    .learned_direct = "readout.weight: tiempo → puntuación de cada plato",
    .learned_input = "rnn.weight_ih_l0: entrada (tiempo; el plato del día 0 solo el día 1) → "
                     "estado oculto",
    .learned_recurrent = "rnn.weight_hh_l0: estado oculto de ayer → el de hoy",
    .bias = "sesgo",
    .day_zero_prefix = "día 0: ",
};

std::string pad(const std::string& text, int width, bool right_align) {
  const std::string fill(static_cast<size_t>(std::max(0, width - display_width(text))), ' ');
  return right_align ? fill + text : text + fill;
}

std::string format_entry(float value, int decimals) {
  // -0.00 reads as a sign error; print it as 0.00.
  if (decimals >= 0) {
    const float shown = std::abs(value) < 0.5f * std::pow(10.0f, -decimals) ? 0.0f : value;
    return fmt::format("{:.{}f}", shown, decimals);
  }
  return fmt::format("{:g}", value);
}

}  // namespace

const Words& words_for(const std::string& lang) {
  if (lang == "en") return kEnglish;
  if (lang == "es") return kSpanish;
  throw Error("--lang: unknown language '" + lang + "' (expected en or es)");
}

int display_width(const std::string& text) {
  // Every UTF-8 character has exactly one byte that is not a continuation byte (10xxxxxx).
  return static_cast<int>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

void print_matrix(const LabelledMatrix& matrix, int decimals) {
  const size_t cols = matrix.col_labels.size();
  std::vector<std::vector<std::string>> rows;
  for (size_t r = 0; r < matrix.row_labels.size(); ++r) {
    std::vector<std::string> row{matrix.row_labels[r]};
    for (size_t c = 0; c < cols; ++c)
      row.push_back(format_entry(matrix.values[r * cols + c], decimals));
    rows.push_back(std::move(row));
  }
  std::vector<std::string> header{""};
  header.insert(header.end(), matrix.col_labels.begin(), matrix.col_labels.end());
  std::vector<bool> right_align(cols + 1, true);
  right_align[0] = false;
  fmt::print("  {}\n", matrix.title);
  print_table(header, rows, right_align);
}

void print_table(const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows,
                 const std::vector<bool>& right_align) {
  std::vector<int> widths(header.size(), 0);
  for (size_t c = 0; c < header.size(); ++c) {
    widths[c] = display_width(header[c]);
    for (const auto& row : rows) widths[c] = std::max(widths[c], display_width(row[c]));
  }
  auto print_row = [&](const std::vector<std::string>& cells) {
    std::string line = "   ";
    for (size_t c = 0; c < cells.size(); ++c)
      line += " " + pad(cells[c], widths[c], right_align[c]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    fmt::print("{}\n", line);
  };
  print_row(header);
  for (const auto& row : rows) print_row(row);
}

}  // namespace flujo::menu
