// The echo state network's JSON form, so a run directory can store and reload a model. Doubles
// are written in nlohmann's shortest round-trip form: a reloaded model forecasts bit for bit.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "flujo/core/error.hpp"
#include "flujo/nn/esn.hpp"

namespace flujo::nn {
namespace {

void require_size(const std::vector<double>& v, int64_t size, const char* what) {
  require(static_cast<int64_t>(v.size()) == size,
          std::string("esn json: ") + what + " has " + std::to_string(v.size()) +
              " entries, expected " + std::to_string(size));
}

}  // namespace

nlohmann::json to_json(const EsnOptions& o) {
  return {{"reservoir_size", o.reservoir_size}, {"channels", o.channels},
          {"degree", o.degree},                 {"spectral_radius", o.spectral_radius},
          {"leak_rate", o.leak_rate},           {"input_scaling", o.input_scaling},
          {"bias_scaling", o.bias_scaling},     {"washout", o.washout},
          {"ridge_alpha", o.ridge_alpha},       {"squared_states", o.squared_states},
          {"input_in_readout", o.input_in_readout}};
}

EsnOptions esn_options_from_json(const nlohmann::json& json) {
  EsnOptions o;
  try {
    json.at("reservoir_size").get_to(o.reservoir_size);
    json.at("channels").get_to(o.channels);
    json.at("degree").get_to(o.degree);
    json.at("spectral_radius").get_to(o.spectral_radius);
    json.at("leak_rate").get_to(o.leak_rate);
    json.at("input_scaling").get_to(o.input_scaling);
    json.at("bias_scaling").get_to(o.bias_scaling);
    json.at("washout").get_to(o.washout);
    json.at("ridge_alpha").get_to(o.ridge_alpha);
    json.at("squared_states").get_to(o.squared_states);
    json.at("input_in_readout").get_to(o.input_in_readout);
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("esn json: options: ") + e.what());
  }
  validate(o);
  return o;
}

nlohmann::json EchoStateNetwork::to_json() const {
  nlohmann::json json = {
      {"kind", "echo_state_network"},
      {"options", nn::to_json(options_)},
      {"reservoir",
       {{"row_start", reservoir_.row_start},
        {"column", reservoir_.column},
        {"value", reservoir_.value}}},
      {"input_weights", input_weights_},
      {"bias", bias_},
      {"readout", nullptr}};
  if (fitted())
    json["readout"] = {{"inputs", readout_.inputs},
                       {"outputs", readout_.outputs},
                       {"weights", readout_.weights},
                       {"bias", readout_.bias}};
  return json;
}

EchoStateNetwork EchoStateNetwork::from_json(const nlohmann::json& json) {
  EchoStateNetwork esn;
  try {
    require(json.at("kind") == "echo_state_network", "esn json: kind is not echo_state_network");
    esn.options_ = esn_options_from_json(json.at("options"));
    const int64_t n = esn.options_.reservoir_size, c = esn.options_.channels;
    CsrMatrix& w = esn.reservoir_;
    w.rows = w.cols = n;
    json.at("reservoir").at("row_start").get_to(w.row_start);
    json.at("reservoir").at("column").get_to(w.column);
    json.at("reservoir").at("value").get_to(w.value);
    require(static_cast<int64_t>(w.row_start.size()) == n + 1 && w.row_start.front() == 0 &&
                w.row_start.back() == static_cast<int64_t>(w.column.size()) &&
                w.column.size() == w.value.size(),
            "esn json: reservoir CSR arrays are inconsistent");
    for (int64_t i = 0; i < n; ++i)
      require(w.row_start[i] <= w.row_start[i + 1], "esn json: reservoir row_start decreases");
    for (int64_t j : w.column)
      require(j >= 0 && j < n, "esn json: reservoir column index out of range");
    json.at("input_weights").get_to(esn.input_weights_);
    require_size(esn.input_weights_, n * c, "input_weights");
    json.at("bias").get_to(esn.bias_);
    require_size(esn.bias_, n, "bias");
    const nlohmann::json& readout = json.at("readout");
    if (!readout.is_null()) {
      analysis::RidgeModel& r = esn.readout_;
      readout.at("inputs").get_to(r.inputs);
      readout.at("outputs").get_to(r.outputs);
      require(r.inputs == esn.feature_count() && r.outputs == c,
              "esn json: readout shape does not match the options");
      readout.at("weights").get_to(r.weights);
      require_size(r.weights, r.inputs * r.outputs, "readout weights");
      readout.at("bias").get_to(r.bias);
      require_size(r.bias, r.outputs, "readout bias");
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("esn json: ") + e.what());
  }
  return esn;
}

}  // namespace flujo::nn
