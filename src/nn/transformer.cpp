#include "flujo/nn/transformer.hpp"

#include <cmath>
#include <numeric>
#include <string>

namespace flujo::nn {
namespace {

constexpr float kInitStddev = 0.02f;  // GPT-2's, as nanoGPT
constexpr int64_t kMlpRatio = 4;      // c_fc's width over E

}  // namespace

Transformer::Transformer(ParameterStore& store, const std::string& prefix,
                         TransformerOptions options)
    : options_(options) {
  const TransformerOptions& o = options_;
  require(o.vocabulary >= 1, "transformer: the vocabulary must hold at least one token");
  require(o.context >= 1, "transformer: context must be at least 1, got " +
                              std::to_string(o.context));
  require(o.layers >= 1, "transformer: layers must be at least 1, got " +
                             std::to_string(o.layers));
  require(o.heads >= 1 && o.width >= 1 && o.width % o.heads == 0,
          "transformer: heads (" + std::to_string(o.heads) + ") must divide the width (" +
              std::to_string(o.width) + ")");
  require(o.dropout >= 0.0f && o.dropout < 1.0f,
          "transformer: dropout must be in [0, 1), got " + std::to_string(o.dropout));
  const int64_t E = o.width;
  // nanoGPT's order, so that the flat buffer lists the parameters as its state_dict does.
  wte_ = store.add(prefix + ".wte.weight", {o.vocabulary, E});
  wpe_ = store.add(prefix + ".wpe.weight", {o.context, E});
  for (int l = 0; l < o.layers; ++l) {
    const std::string p = prefix + ".h." + std::to_string(l);
    blocks_.push_back({LayerNorm(store, p + ".ln_1", E),
                       Linear(store, p + ".attn.c_attn", E, 3 * E),
                       Linear(store, p + ".attn.c_proj", E, E), LayerNorm(store, p + ".ln_2", E),
                       Linear(store, p + ".mlp.c_fc", E, kMlpRatio * E),
                       Linear(store, p + ".mlp.c_proj", kMlpRatio * E, E)});
  }
  ln_f_ = LayerNorm(store, prefix + ".ln_f", E);
  lm_head_ = o.tie_weights ? wte_ : store.add(prefix + ".lm_head.weight", {o.vocabulary, E});
  positions_.resize(static_cast<size_t>(o.context));
  std::iota(positions_.begin(), positions_.end(), 0);
}

void Transformer::reset_parameters(ParameterStore& store, Rng& rng) const {
  const float residual_stddev = kInitStddev / std::sqrt(2.0f * static_cast<float>(options_.layers));
  auto normal_weight_zero_bias = [&](const Linear& linear, float stddev) {
    rng.fill_normal(store.value(linear.weight()), 0.0f, stddev);
    store.value(linear.bias()).fill(0.0f);
  };
  rng.fill_normal(store.value(wte_), 0.0f, kInitStddev);
  rng.fill_normal(store.value(wpe_), 0.0f, kInitStddev);
  for (const Block& block : blocks_) {
    block.ln_1.reset_parameters(store);
    normal_weight_zero_bias(block.c_attn, kInitStddev);
    normal_weight_zero_bias(block.attn_proj, residual_stddev);
    block.ln_2.reset_parameters(store);
    normal_weight_zero_bias(block.c_fc, kInitStddev);
    normal_weight_zero_bias(block.mlp_proj, residual_stddev);
  }
  ln_f_.reset_parameters(store);
  if (lm_head_ != wte_) rng.fill_normal(store.value(lm_head_), 0.0f, kInitStddev);
}

Var Transformer::block_forward(Tape& tape, ParameterStore& store, const Block& block, Var x,
                               Rng& rng,
                               std::vector<TransformerOutput::LayerAttention>* attention) const {
  const int64_t E = options_.width;
  const Var qkv = block.c_attn.forward(tape, store, block.ln_1.forward(tape, store, x));
  ConstTensorView weights;
  const Var mixed = flujo::attention(slice(qkv, 2, 0, E), slice(qkv, 2, E, E),
                                     slice(qkv, 2, 2 * E, E),
                                     {.heads = options_.heads, .causal = true},
                                     attention ? &weights : nullptr);
  const Var before = x;
  x = add(x, dropout(block.attn_proj.forward(tape, store, mixed), options_.dropout, rng));
  if (attention) attention->push_back({weights, before.value(), x.value()});
  const Var hidden = gelu(block.c_fc.forward(tape, store, block.ln_2.forward(tape, store, x)));
  return add(x, dropout(block.mlp_proj.forward(tape, store, hidden), options_.dropout, rng));
}

TransformerOutput Transformer::forward(Tape& tape, ParameterStore& store,
                                       std::span<const int32_t> tokens, int64_t batch, Rng& rng,
                                       bool keep_attention) const {
  const int64_t E = options_.width, count = static_cast<int64_t>(tokens.size());
  require(batch >= 1 && count % batch == 0,
          "transformer: " + std::to_string(count) + " tokens do not make " +
              std::to_string(batch) + " rows");
  const int64_t T = count / batch;
  require(T >= 1 && T <= options_.context,
          "transformer: " + std::to_string(T) + " positions, the context holds 1 to " +
              std::to_string(options_.context));
  const Var tokens_embedded = embedding(tape.param(store, wte_), tokens, Shape{batch, T});
  const Var positions_embedded =
      embedding(tape.param(store, wpe_), std::span(positions_).first(static_cast<size_t>(T)),
                Shape{T});
  // (B, T·E) + (T·E): the positions broadcast over the batch rows.
  Var x = reshape(add(reshape(tokens_embedded, Shape{batch, T * E}),
                      reshape(positions_embedded, Shape{T * E})),
                  Shape{batch, T, E});
  x = dropout(x, options_.dropout, rng);
  TransformerOutput out;
  for (const Block& block : blocks_)
    x = block_forward(tape, store, block, x, rng, keep_attention ? &out.attention : nullptr);
  out.embeddings = ln_f_.forward(tape, store, x);
  out.logits = linear(out.embeddings, tape.param(store, lm_head_), Var{});
  return out;
}

}  // namespace flujo::nn
