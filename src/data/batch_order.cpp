// BatchOrder: one permutation of the samples per epoch (Fisher–Yates from flujo::Rng), handed
// out batch by batch. Its state is plain data so that a checkpoint resumes mid-epoch exactly.
#include <algorithm>
#include <numeric>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"
#include "flujo/data.hpp"

namespace flujo::data {

BatchOrder::BatchOrder(int64_t num_samples, int64_t batch_size, uint64_t seed, bool shuffle)
    : batch_size_(batch_size), shuffle_(shuffle), rng_(seed) {
  require(num_samples >= 1, fmt::format("batches: need at least one sample, got {}", num_samples));
  require(batch_size >= 1, fmt::format("batches: batch size must be ≥ 1, got {}", batch_size));
  state_.permutation.resize(static_cast<size_t>(num_samples));
  start_epoch();
}

void BatchOrder::start_epoch() {
  auto& order = state_.permutation;
  std::iota(order.begin(), order.end(), int64_t{0});
  if (shuffle_)
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng_.below(i)]);
  state_.position = 0;
  ++state_.epoch;
}

std::span<const int64_t> BatchOrder::next() {
  const auto total = static_cast<int64_t>(state_.permutation.size());
  if (state_.position == total) {
    // Shuffling now, not on the next call, keeps the state a plain (epoch, position) pair.
    start_epoch();
    return {};
  }
  const int64_t count = std::min(batch_size_, total - state_.position);
  std::span<const int64_t> batch(state_.permutation.data() + state_.position,
                                 static_cast<size_t>(count));
  state_.position += count;
  return batch;
}

int64_t BatchOrder::batches_per_epoch() const {
  const auto total = static_cast<int64_t>(state_.permutation.size());
  return (total + batch_size_ - 1) / batch_size_;
}

BatchOrder::State BatchOrder::state() const {
  State state = state_;
  state.rng = rng_.state();
  return state;
}

void BatchOrder::set_state(const State& state) {
  const size_t total = state_.permutation.size();
  require(state.permutation.size() == total,
          fmt::format("batches: saved order has {} samples, this dataset {}",
                      state.permutation.size(), total));
  std::vector<bool> seen(total, false);
  for (int64_t index : state.permutation) {
    require(0 <= index && static_cast<size_t>(index) < total && !seen[index],
            "batches: saved order is not a permutation of the samples");
    seen[index] = true;
  }
  require(state.epoch >= 1 && 0 <= state.position &&
              state.position <= static_cast<int64_t>(total),
          fmt::format("batches: saved epoch {} / position {} out of range", state.epoch,
                      state.position));
  state_ = state;
  rng_.set_state(state.rng);
}

nlohmann::json rng_state_to_json(const Rng::State& state) {
  return {{"s", state.s},
          {"cached_normal", state.cached_normal},
          {"has_cached_normal", state.has_cached_normal}};
}

Rng::State rng_state_from_json(const nlohmann::json& json) {
  Rng::State state;
  const auto words = json.at("s").get<std::vector<uint64_t>>();
  require(words.size() == 4, "generator state: 's' must hold 4 words");
  std::copy(words.begin(), words.end(), state.s);
  state.cached_normal = json.at("cached_normal").get<double>();
  state.has_cached_normal = json.at("has_cached_normal").get<bool>();
  return state;
}

void to_json(nlohmann::json& json, const BatchOrder::State& state) {
  json = {{"rng", rng_state_to_json(state.rng)},
          {"epoch", state.epoch},
          {"position", state.position},
          {"permutation", state.permutation}};
}

void from_json(const nlohmann::json& json, BatchOrder::State& state) {
  try {
    state.rng = rng_state_from_json(json.at("rng"));
    state.epoch = json.at("epoch").get<int64_t>();
    state.position = json.at("position").get<int64_t>();
    state.permutation = json.at("permutation").get<std::vector<int64_t>>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("batch order: malformed state ({})", e.what()));
  }
}

}  // namespace flujo::data
