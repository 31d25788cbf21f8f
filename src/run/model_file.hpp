#pragma once
// The model of a model file (include/flujo/run/model_file.hpp) as a SequenceModel, for the interop
// test and the fuzzer, which need more than its predictions.
#include <memory>
#include <string>

#include "flujo/run/model_file.hpp"
#include "run/sequence_model.hpp"

namespace flujo::run {

// Builds the model the file describes and loads its weights. Every mismatch (no or bad config
// metadata, esn, missing, extra or wrongly shaped tensors) throws Error naming `path`. The sizes
// are checked against the tensors the file holds before anything is allocated, so a lying config
// cannot make it allocate more than the file's own size.
std::unique_ptr<SequenceModel> sequence_model_from(const SafetensorsFile& file,
                                                   const std::string& path);
std::unique_ptr<SequenceModel> load_sequence_model(const std::string& path);

// The next value (B, C) after each input window (B, L, C), in the model's own (normalised)
// units; throws Error when the windows' shape does not fit the model.
Tensor predict_next(SequenceModel& model, ConstTensorView windows);

}  // namespace flujo::run
