#pragma once
// A decoder-only transformer language model in GPT-2's layout, with nanoGPT's parameter names so
// that weights move one-to-one (tools/torch_interop.py holds the same model in PyTorch).
// Shapes: B batch, T positions (1 ≤ T ≤ context), E width, V vocabulary, heads dividing E.
//
//   x = wte[tokens] + wpe[0..T)                                   (B, T, E), then dropout
//   per block l:  x = x + dropout(c_proj(attention(split(c_attn(ln_1(x))))))
//                 x = x + dropout(mlp.c_proj(gelu(mlp.c_fc(ln_2(x)))))       (c_fc: 4E ← E)
//   embeddings = ln_f(x)                                          the penultimate layer
//   logits = embeddings · lm_headᵀ                               (B, T, V); lm_head = wte, tied
//
// Attention is the fused causal op (flujo/core/ops.hpp): q, k, v are the three E-wide parts of
// c_attn's output. Unlike nanoGPT with dropout > 0, the attention weights themselves are not
// dropped out (the fused op keeps them for its opt-in output). Parameters under the prefix:
// wte.weight (V, E), wpe.weight (context, E), h.<l>.{ln_1, attn.c_attn, attn.c_proj, ln_2,
// mlp.c_fc, mlp.c_proj}.{weight, bias}, ln_f.{weight, bias}, and lm_head.weight (V, E) when not
// tied. Biases and LayerNorm parameters take no weight decay (ParamFlags), as in nanoGPT.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "flujo/core.hpp"
#include "flujo/nn.hpp"

namespace flujo::nn {

struct TransformerOptions {
  int64_t vocabulary = 0;  // V
  int64_t context = 64;    // the longest T, the rows of wpe
  int64_t width = 128;     // E
  int64_t heads = 4;
  int layers = 4;
  float dropout = 0.0f;    // in training only (Tape::training)
  bool tie_weights = true; // the head reuses wte
};

// LayerNorm over the last axis: "<prefix>.weight" (E) and "<prefix>.bias" (E), nn.LayerNorm(E).
class LayerNorm {
 public:
  LayerNorm() = default;  // no parameters yet; assigned once the store has room for them
  LayerNorm(ParameterStore& store, const std::string& prefix, int64_t width);
  void reset_parameters(ParameterStore& store) const;  // weight 1, bias 0, as PyTorch
  Var forward(Tape& tape, ParameterStore& store, Var x) const;

 private:
  ParamId weight_ = -1, bias_ = -1;
};

struct TransformerOutput {
  Var logits;      // (B, T, V)
  Var embeddings;  // (B, T, E): ln_f's output, what the head reads
  // Per layer, when forward was asked for them (valid until the tape's reset()): the attention
  // weights, and the residual stream x before and after the attention sub-layer adds its part,
  // i.e. where each position's context moved it.
  struct LayerAttention {
    ConstTensorView weights;        // (B, heads, T, T), row i the query at position i
    ConstTensorView before, after;  // (B, T, E)
  };
  std::vector<LayerAttention> attention;
};

class Transformer {
 public:
  Transformer(ParameterStore& store, const std::string& prefix, TransformerOptions options);
  // nanoGPT's initialisation: linear and embedding weights normal(0, 0.02), each block's two
  // residual projections (c_proj) normal(0, 0.02 / √(2·layers)), biases 0, LayerNorms 1 and 0.
  void reset_parameters(ParameterStore& store, Rng& rng) const;
  // tokens: B·T ids in [0, V), row-major (B, T). rng draws the dropout masks in training.
  TransformerOutput forward(Tape& tape, ParameterStore& store, std::span<const int32_t> tokens,
                            int64_t batch, Rng& rng, bool keep_attention = false) const;

  const TransformerOptions& options() const { return options_; }

 private:
  struct Block {
    LayerNorm ln_1;
    Linear c_attn, attn_proj;
    LayerNorm ln_2;
    Linear c_fc, mlp_proj;
  };
  Var block_forward(Tape& tape, ParameterStore& store, const Block& block, Var x, Rng& rng,
                    std::vector<TransformerOutput::LayerAttention>* attention) const;

  TransformerOptions options_;
  ParamId wte_ = -1, wpe_ = -1, lm_head_ = -1;
  std::vector<Block> blocks_;
  LayerNorm ln_f_;
  std::vector<int32_t> positions_;  // 0 .. context − 1, the rows of wpe
};

}  // namespace flujo::nn
