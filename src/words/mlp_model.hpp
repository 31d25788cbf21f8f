#pragma once
// The lecture's "all to all" next-word network (Bengio, Ducharme, Vincent & Jauvin 2003): the
// n − 1 previous words (n = --order, at least 2) → one shared embedding table C (V, E) →
// concatenated (n − 1)·E → hidden tanh layer (H = --hidden, the penultimate layer) → logits over
// the vocabulary (V). Parameters "embedding.weight" (V, E), "hidden.weight" (H, (n − 1)·E),
// "hidden.bias", "output.weight" (V, H), "output.bias". Every position of a window is predicted,
// as by the other models: the first n − 2 see fewer words, padded on the left with <unk> (id 0).
#include <memory>

#include "flujo/words/language_model.hpp"
#include "flujo/words/run.hpp"

namespace flujo::words {

std::unique_ptr<LanguageModel> make_mlp_model(const WordsConfig& config, int64_t vocabulary);

}  // namespace flujo::words
