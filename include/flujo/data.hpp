#pragma once
// flujo data: users' series (CSV, NPY), normalisation fitted on the training split, and windows
// in Keras' convention (docs/WINDOWS.md), gathered into caller-owned float32 batch buffers.
//
//   auto series = flujo::data::read_csv("lorenz.csv", {"x", "z"});       // (T, C) doubles
//   flujo::data::WindowSpec spec{.look_back = 20, .horizon = 1};
//   auto splits = flujo::data::split_chronological(series.time_steps(), {0.7, 0.15, 0.15}, spec);
//   auto scaler = flujo::data::Normaliser::fit(series, splits.train);    // training rows only
//   flujo::data::Series normalised = scaler.normalise(series);
//   flujo::data::WindowDataset train(normalised, spec, splits.train);
//   flujo::data::BatchOrder order(train.size(), /*batch_size=*/32, /*seed=*/7);
//   flujo::Tensor x({32, 20, 2}), y({32, 2});                            // reused every step
//   for (auto batch = order.next(); !batch.empty(); batch = order.next()) {
//     auto [inputs, targets] = train.gather(batch, x.view(), y.view());  // (b,L,F), (b,k·targets)
//   }
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "flujo/core/random.hpp"
#include "flujo/core/tensor.hpp"

namespace flujo::data {

// ---------------------------------------------------------------------------------------------
// Series: T time steps × C channels of double, row-major and contiguous, with channel names.

// A read-only view of consecutive rows of a series; never owns memory.
struct SeriesView {
  const double* data = nullptr;  // row t starts at data + t * channels
  int64_t time_steps = 0;
  int64_t channels = 0;

  double at(int64_t t, int64_t c) const { return data[t * channels + c]; }
  const double* row(int64_t t) const { return data + t * channels; }
};

class Series {
 public:
  Series() = default;
  Series(int64_t time_steps, std::vector<std::string> channel_names);  // zero-filled
  // values.size() must be time_steps * channel_names.size().
  Series(int64_t time_steps, std::vector<std::string> channel_names, std::vector<double> values);

  int64_t time_steps() const { return time_steps_; }
  int64_t channels() const { return static_cast<int64_t>(channel_names_.size()); }
  const std::vector<std::string>& channel_names() const { return channel_names_; }
  int64_t channel_index(const std::string& name) const;  // throws Error naming the channel

  double& at(int64_t t, int64_t c) { return values_[t * channels() + c]; }
  double at(int64_t t, int64_t c) const { return values_[t * channels() + c]; }
  double* data() { return values_.data(); }
  const double* data() const { return values_.data(); }
  const std::vector<double>& values() const { return values_; }

  SeriesView view() const { return {values_.data(), time_steps_, channels()}; }
  SeriesView rows(int64_t begin, int64_t end) const;  // rows [begin, end)

 private:
  int64_t time_steps_ = 0;
  std::vector<std::string> channel_names_;
  std::vector<double> values_;
};

// ---------------------------------------------------------------------------------------------
// Readers and the writer. Every error is a flujo::Error whose one-line message names the file and,
// for text, the 1-based line (and column); nothing is allocated from an unchecked header.

// A column chosen by header name or by 0-based index: read_csv(path, {"x", "z"}) or {0, 2}.
struct Column {
  std::variant<std::string, int64_t> key;
  Column(std::string name) : key(std::move(name)) {}           // NOLINT: implicit by design
  Column(const char* name) : key(std::string(name)) {}         // NOLINT
  Column(int index) : key(static_cast<int64_t>(index)) {}      // NOLINT
  Column(int64_t index) : key(index) {}                        // NOLINT
};

// Comma-separated text with a header row. Fields may be quoted ("a ""b""", no line breaks
// inside); \r\n line ends, a UTF-8 byte-order mark and blank lines are tolerated; spaces around
// fields are trimmed. Every selected value must parse fully as a finite double. Empty `columns`
// selects every numeric column (those whose first data row parses as a number).
Series read_csv(const std::string& path, const std::vector<Column>& columns = {});

// An .npy array of any rank (float32 or float64 little-endian, C order), values widened to double.
struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<double> values;
};
NpyArray read_npy_array(const std::string& path);

// An .npy of shape (T,) or (T, C) as a series; channels are named "0", "1", ….
Series read_npy(const std::string& path);

// By extension: .npy → read_npy (columns select by index or name "0", "1", …), else read_csv.
Series read_series(const std::string& path, const std::vector<Column>& columns = {});

enum class NpyDtype { float32, float64 };

// Writes atomically (a temporary file in the same directory, then rename): a failure never leaves
// a half-written file at `path`. values.size() must equal the product of shape.
void write_npy(const std::string& path, std::span<const double> values,
               const std::vector<int64_t>& shape, NpyDtype dtype = NpyDtype::float64);
void write_npy(const std::string& path, ConstTensorView tensor);  // float32, the tensor's shape
void write_npy(const std::string& path, const Series& series,
               NpyDtype dtype = NpyDtype::float64);  // (T, C)

// ---------------------------------------------------------------------------------------------
// Windows (Keras' convention, docs/WINDOWS.md). Sample i of a range starting at row `begin`:
// input rows [s, s + L), target rows s + L … s + L + k − 1, with s = begin + i.

struct WindowSpec {
  int64_t look_back = 1;                      // L
  int64_t horizon = 1;                        // k
  std::vector<int64_t> input_channels = {};   // F of them; empty = every channel
  std::vector<int64_t> target_channels = {};  // empty = every channel
};

// Rows [begin, end) of the time axis.
struct TimeRange {
  int64_t begin = 0;
  int64_t end = 0;
  int64_t size() const { return end - begin; }
};

// Number of windows whose inputs and targets fit in `time_steps` rows: T − L − k + 1 (or 0).
int64_t num_samples(int64_t time_steps, int64_t look_back, int64_t horizon = 1);

struct SplitFractions {
  double train = 0.7;
  double validation = 0.15;
  double test = 0.15;
};

struct Splits {
  TimeRange train, validation, test;
};

// Consecutive, disjoint blocks of the time axis in the order train, validation, test. Each split's
// windows and targets stay inside its block, so consecutive splits' first window starts are
// L + k − 1 steps apart beyond the last usable start: no row is seen by two splits. A split with a
// non-zero fraction must hold at least one window; fractions must be ≥ 0 and sum to at most 1.
Splits split_chronological(int64_t time_steps, const SplitFractions& fractions,
                           const WindowSpec& spec);

// A view of a series plus the start rows of its windows. Windows are views; the series must
// outlive the dataset. gather() is the only copy: into a caller-owned buffer the BLAS can use.
class WindowDataset {
 public:
  // Every window of the series, or those whose inputs and targets lie wholly inside `range`.
  WindowDataset(const Series& series, WindowSpec spec);
  WindowDataset(const Series& series, WindowSpec spec, TimeRange range);

  int64_t size() const { return static_cast<int64_t>(starts_.size()); }
  int64_t look_back() const { return spec_.look_back; }
  int64_t horizon() const { return spec_.horizon; }
  int64_t input_features() const { return static_cast<int64_t>(input_channels_.size()); }
  int64_t target_features() const { return static_cast<int64_t>(target_channels_.size()); }
  const std::vector<int64_t>& input_channels() const { return input_channels_; }
  const std::vector<int64_t>& target_channels() const { return target_channels_; }
  const std::vector<int64_t>& starts() const { return starts_; }

  int64_t start(int64_t sample) const { return starts_[sample]; }
  SeriesView input(int64_t sample) const;   // rows [s, s + L), every channel
  SeriesView target(int64_t sample) const;  // rows [s + L, s + L + k), every channel

  // Copies the samples' selected channels as float32: inputs (b, L, F) and targets
  // (b, k · targets) with targets[j · targets + c] = row s + L + j, target channel c. The buffers
  // may hold more than b samples; the returned views are their first b. Throws on a short buffer.
  std::pair<TensorView, TensorView> gather(std::span<const int64_t> samples, TensorView inputs,
                                           TensorView targets) const;

 private:
  const Series* series_;
  WindowSpec spec_;
  std::vector<int64_t> input_channels_, target_channels_;
  std::vector<int64_t> starts_;
};

// Shuffled (or sequential) batches of sample indices, deterministic from a seed. Its whole state
// (generator, epoch, permutation, position) is exposed so a checkpoint resumes the same order.
class BatchOrder {
 public:
  BatchOrder(int64_t num_samples, int64_t batch_size, uint64_t seed, bool shuffle = true);

  // The next batch of this epoch (the last may be short). After an epoch's last batch it returns
  // an empty span once and shuffles the next epoch, so one loop until empty is one epoch.
  std::span<const int64_t> next();
  int64_t batches_per_epoch() const;

  struct State {
    Rng::State rng;
    int64_t epoch = 0;     // the epoch in progress (1 for the first)
    int64_t position = 0;  // samples of this epoch's permutation already handed out
    std::vector<int64_t> permutation;
  };
  State state() const;
  void set_state(const State& state);  // throws Error when it does not fit this order

 private:
  void start_epoch();

  int64_t batch_size_;
  bool shuffle_;
  Rng rng_;
  State state_;
};

void to_json(nlohmann::json& json, const BatchOrder::State& state);
void from_json(const nlohmann::json& json, BatchOrder::State& state);
// A generator's state in a checkpoint: {"s": [4 words], "cached_normal", "has_cached_normal"}.
// rng_state_from_json throws nlohmann's exceptions, or Error for a wrong number of words.
nlohmann::json rng_state_to_json(const Rng::State& state);
Rng::State rng_state_from_json(const nlohmann::json& json);

// ---------------------------------------------------------------------------------------------
// Per-channel standardisation (x − mean) / std, fitted on the training rows only. Population std
// (ddof 0). A channel whose std is below kStdFloor is centred but not scaled (std stored as 1),
// like scikit-learn's StandardScaler, so a constant channel never divides by zero.

class Normaliser {
 public:
  static constexpr double kStdFloor = 1e-8;

  Normaliser() = default;
  // Checks equal sizes, finite means and positive stds.
  Normaliser(std::vector<double> mean, std::vector<double> stddev);
  static Normaliser fit(const Series& series, TimeRange rows);

  int64_t channels() const { return static_cast<int64_t>(mean_.size()); }
  const std::vector<double>& mean() const { return mean_; }
  const std::vector<double>& stddev() const { return stddev_; }

  Series normalise(const Series& series) const;
  Series denormalise(const Series& series) const;
  double normalise(double value, int64_t channel) const;
  double denormalise(double value, int64_t channel) const;
  // Predictions in place: element i belongs to channels[i % channels.size()], matching the
  // (b, k · targets) layout of WindowDataset::gather.
  void denormalise(TensorView values, std::span<const int64_t> channels) const;

 private:
  std::vector<double> mean_, stddev_;
};

// {"mean": [...], "std": [...]}; from_json throws flujo::Error on malformed input.
void to_json(nlohmann::json& json, const Normaliser& normaliser);
void from_json(const nlohmann::json& json, Normaliser& normaliser);

}  // namespace flujo::data
