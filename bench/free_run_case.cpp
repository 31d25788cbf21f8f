// Free-running inference as `flujo forecast` does it (run::free_run): the recurrent layer's
// forward with gradients off over a warm-up window of L true values, then steps − 1 steps with the
// state carried and the head's prediction fed back (FreeRunner::advance, which keeps every
// prediction), for `starts` trajectories side by side.
#include "bench_case.hpp"
#include "flujo/core.hpp"
#include "run/free_run.hpp"
#include "run/sequence_model.hpp"

namespace flujo::bench {
namespace {

class FreeRunCase : public Case {
 public:
  explicit FreeRunCase(const CaseOptions& o)
      : options_(o),
        model_(nn::parse_cell(o.cell), 1, o.hidden, 1),
        windows_(run::gather_windows(synthetic_series(o.starts + o.look_back), 0, o.starts,
                                       o.look_back)),
        runner_(model_, o.starts),
        predictions_({o.starts, o.steps - 1, 1}) {
    Rng rng(o.seed);
    model_.reset_parameters(rng);
    runner_.warm_up(windows_.view());  // untimed: the first call sizes the tape's workspace
    runner_.advance(1, TensorView{});
  }

  void run_once() override {
    runner_.warm_up(windows_.view());
    runner_.advance(options_.steps - 1, predictions_.view());
    last_ = runner_.prediction()[0];
  }

  double flops() const override { return free_run_flops(options_); }
  int64_t samples() const override { return options_.starts * options_.steps; }
  double last_loss() const override { return last_; }

 private:
  CaseOptions options_;
  run::SequenceModel model_;
  Tensor windows_;
  run::FreeRunner runner_;
  Tensor predictions_;
  double last_ = 0.0;
};

}  // namespace

std::unique_ptr<Case> make_free_run_case(const CaseOptions& options) {
  require(options.starts >= 1 && options.steps >= 1 && options.look_back >= 1,
          "freerun: --starts, --steps and --look-back must be at least 1");
  return std::make_unique<FreeRunCase>(options);
}

}  // namespace flujo::bench
