#pragma once
// The tape: reverse-mode differentiation by recording one entry per op call. A Var is a handle
// (tape, index) to a node holding a value view and, when it needs one, a gradient view. An op
// computes its output, then records a backward closure that adds (+=) into its inputs' gradients.
//
// Memory: values, gradients and saved-for-backward scratch come from the tape's workspace, a list
// of slabs handed out in order and kept across reset(). A training step that repeats the same
// shapes reuses the same slabs, so after the first step nothing is allocated.
//
// Usage:
//   Tape tape;                        // once
//   for (step...) {
//     tape.reset(); store.zero_grad();
//     Var x = tape.constant(batch_view);
//     Var loss = mse_loss(linear(x, tape.param(store, w), tape.param(store, b)), tape.constant(y));
//     tape.backward(loss);            // gradients land in store.grads()
//   }
#include <cassert>
#include <cstdint>
#include <memory>
#include <vector>

#include "flujo/core/parameters.hpp"
#include "flujo/core/small_function.hpp"
#include "flujo/core/tensor.hpp"

namespace flujo {

class Tape;

struct Var {
  Tape* tape = nullptr;
  int32_t id = -1;
  // How many times the tape had been reset when the node was made. A Var kept past
  // tape.reset() names a node of a later step (or none); builds with assertions stop there.
  uint32_t generation = 0;

  TensorView value() const;
  TensorView grad() const;  // empty view when the node needs no gradient
  Shape shape() const;
  bool requires_grad() const;
  explicit operator bool() const { return tape != nullptr; }
};

class Tape {
 public:
  // Room for a fused op's inputs and outputs captured as Vars (the recurrent layer's eleven, a
  // concat's sixteen parts) with its dimensions and workspace pointers.
  using Backward = SmallFunction<320>;

  Tape() = default;
  Tape(const Tape&) = delete;
  Tape& operator=(const Tape&) = delete;

  // Leaves. A constant's gradient is not tracked; its memory stays the caller's.
  Var constant(ConstTensorView value);
  // An input whose gradient the caller wants: backward adds into `grad` (same shape as value).
  Var input(TensorView value, TensorView grad);
  // A parameter: value and gradient are views into the store's flat buffers. With gradients
  // disabled it is a constant.
  Var param(ParameterStore& store, ParamId id);
  // Inference mode: parameters enter as constants, so no op records a gradient or a closure.
  void set_grad_enabled(bool on) { grad_enabled_ = on; }
  bool grad_enabled() const { return grad_enabled_; }
  // Training or evaluation, for the ops that behave differently (dropout). Off until a trainer
  // turns it on for its steps (run::Trainer does; its evaluation turns it off).
  void set_training(bool on) { training_ = on; }
  bool training() const { return training_; }

  // A new node owned by the tape, for an op's output. Its gradient (zeroed) exists only when
  // requires_grad is true.
  Var make(Shape shape, bool requires_grad);
  // A node that shares x's value and gradient memory under another shape of the same size
  // (reshape); it needs no backward closure because gradients land in x's memory directly.
  Var alias(Var x, Shape shape);
  // Scratch memory from the workspace (saved activations etc.), valid until reset().
  TensorView scratch(Shape shape);
  // Records the backward closure of the op that produced the most recent output.
  void record(Backward backward);

  // Seeds d(loss) = 1 for a scalar, then runs the recorded closures in reverse order.
  void backward(Var loss);
  // Seeds d(output) with the given values (same shape), then runs backward.
  void backward(Var output, ConstTensorView seed);

  // Forgets every node and closure; keeps the workspace for the next step.
  void reset();

  // With sentinel fill on, every new output value is pre-filled with NaN, so a kernel that fails
  // to write an element shows up in tests.
  void set_sentinel_fill(bool on) { sentinel_fill_ = on; }

  // Internal access for Var: asserts that the Var was made since the last reset().
  TensorView value_of(const Var& v) { return current(v).value; }
  TensorView grad_of(const Var& v) { return current(v).grad; }

 private:
  struct Node {
    TensorView value;
    TensorView grad;
  };
  float* allocate(int64_t count, bool zero);
  Var push(TensorView value, TensorView grad);
  const Node& current(const Var& v) const {
    assert(v.generation == generation_ && "a Var was used after tape.reset() (kept from an earlier step)");
    return nodes_[v.id];
  }

  std::vector<Node> nodes_;
  std::vector<Backward> closures_;
  struct Slab {
    std::unique_ptr<float[]> data;
    int64_t capacity = 0;
  };
  std::vector<Slab> slabs_;
  size_t next_slab_ = 0;
  bool sentinel_fill_ = false;
  bool grad_enabled_ = true;
  bool training_ = false;
  uint32_t generation_ = 0;
};

inline TensorView Var::value() const { return tape->value_of(*this); }
inline TensorView Var::grad() const { return tape->grad_of(*this); }
inline Shape Var::shape() const { return tape->value_of(*this).shape; }
inline bool Var::requires_grad() const { return static_cast<bool>(tape->grad_of(*this)); }

}  // namespace flujo
