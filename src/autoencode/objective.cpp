#include "autoencode/objective.hpp"

#include <algorithm>

namespace flujo::autoencode {

Objective::Objective(const movie::Frames& frames, const nn::ConvAutoencoder& model, int64_t target_offset,
                     int64_t max_batch, double kl_weight, double fnn_weight)
    : frames_(frames),
      model_(model),
      target_offset_(target_offset),
      max_batch_(max_batch),
      kl_weight_(kl_weight),
      fnn_weight_(fnn_weight),
      inputs_(Shape{max_batch, model.options().frames, frames.height, frames.width}),
      targets_(target_offset > 0 ? inputs_.shape() : Shape{1}),
      noise_(Shape{max_batch, model.options().latent}),
      minus_ones_(Shape{model.options().latent}),
      fnn_penalty_(max_batch, model.options().latent, fnn_weight),
      rows_(static_cast<size_t>(max_batch)),
      shifted_(static_cast<size_t>(max_batch)) {
  std::fill_n(minus_ones_.data(), minus_ones_.numel(), -1.0f);
}

Objective::Batch Objective::batch(Tape& tape, std::span<const int64_t> rows) {
  const int64_t b = static_cast<int64_t>(rows.size()), stack = model_.options().frames;
  const int64_t size = stack * frames_.height * frames_.width;
  const Shape shape{b, stack, frames_.height, frames_.width};
  auto gather = [&](std::span<const int64_t> first_frames, float* out) {
    for (size_t i = 0; i < first_frames.size(); ++i)
      std::copy_n(frames_.frame(first_frames[i]), size, out + static_cast<int64_t>(i) * size);
  };
  gather(rows, inputs_.data());
  const Var inputs = tape.constant(ConstTensorView{inputs_.data(), shape});
  if (target_offset_ == 0) return {inputs, inputs};
  for (int64_t i = 0; i < b; ++i) shifted_[i] = rows[i] + target_offset_;
  gather({shifted_.data(), rows.size()}, targets_.data());
  return {inputs, tape.constant(ConstTensorView{targets_.data(), shape})};
}

Var Objective::objective(Tape& tape, ParameterStore& store, const Batch& b, Rng* noise) {
  if (!model_.options().variational) {
    const Var code = model_.encode(tape, store, b.inputs);
    const Var error = mse_loss(model_.decode(tape, store, code), b.targets);
    return fnn_weight_ > 0 ? add(error, fnn_penalty_(tape, code)) : error;
  }
  const nn::Posterior posterior = model_.encode_posterior(tape, store, b.inputs);
  const int64_t batch = b.inputs.shape()[0], z = model_.options().latent;
  Var latent = posterior.mean;
  if (noise) {
    noise->fill_normal(TensorView{noise_.data(), Shape{batch, z}}, 0.0f, 1.0f);
    const Var sigma = exp(scale(posterior.log_variance, 0.5f));
    latent = add(posterior.mean, mul(sigma, tape.constant(ConstTensorView{noise_.data(), Shape{batch, z}})));
  }
  const Var terms = add(add(add(mul(posterior.mean, posterior.mean), exp(posterior.log_variance)),
                            scale(posterior.log_variance, -1.0f)),
                        tape.constant(ConstTensorView{minus_ones_.data(), minus_ones_.shape()}));
  const Var kl = scale(sum(terms), 0.5f / static_cast<float>(batch));
  const Var total = add(mse_loss(model_.decode(tape, store, latent), b.targets), scale(kl, static_cast<float>(kl_weight_)));
  return fnn_weight_ > 0 ? add(total, fnn_penalty_(tape, posterior.mean)) : total;
}

Var Objective::loss(Tape& tape, ParameterStore& store, std::span<const int64_t> rows, Rng& noise) {
  return objective(tape, store, batch(tape, rows), &noise);
}

void Objective::evaluate(Tape& tape, ParameterStore& store, int64_t first, int64_t count, double* latent,
                         double* loss_sum) {
  const int64_t z = model_.options().latent;
  tape.set_grad_enabled(false);
  for (int64_t at = first; at < first + count; at += max_batch_) {
    const int64_t n = std::min(max_batch_, first + count - at);
    for (int64_t i = 0; i < n; ++i) rows_[i] = at + i;
    tape.reset();
    const Batch b = batch(tape, {rows_.data(), static_cast<size_t>(n)});
    if (latent) {
      const Var code = model_.encode(tape, store, b.inputs);
      std::copy(code.value().data, code.value().data + n * z, latent + (at - first) * z);
    }
    if (loss_sum) *loss_sum += objective(tape, store, b, nullptr).value()[0] * static_cast<double>(n);
  }
  tape.set_grad_enabled(true);
}

}  // namespace flujo::autoencode
