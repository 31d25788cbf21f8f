#pragma once
// flujo dynamics: built-in dynamical systems, their integration and Lyapunov spectra (double).
//
//   auto lorenz = flujo::dynamics::make_system("lorenz");
//   lorenz->set_parameter("rho", 28.0);
//   flujo::dynamics::Trajectory path = flujo::dynamics::simulate(*lorenz, {.samples = 5000});
//   double z = path.at(100, 2);                          // z at t = 100·dt (after the transient)
//   auto spectrum = flujo::dynamics::lyapunov_spectrum(*lorenz, {.time = 1000});
//   // spectrum.exponents ≈ {0.906, 0, -14.57}, spectrum.kaplan_yorke ≈ 2.06
//
// Flows are integrated with classical RK4 on a fixed internal step h = dt / substeps. Every sample
// interval is integrated twice, with substeps and 2·substeps; when the two end states differ by
// more than tolerance·max(1, |x|∞) the substeps double and the interval is redone, and the finer
// result is kept. So every sample-to-sample map is accurate to the tolerance (1e-8 by default)
// over the whole sampled horizon. (Chaos amplifies any difference by e^{λt}, so no two step sizes
// agree over long horizons; the per-interval flow map is what accuracy can mean.)
// The delay system (Mackey–Glass) uses RK4 on an internal step dividing both the delay and dt, the
// delayed term read from a history buffer (cubic Hermite at the half steps).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace flujo::dynamics {

enum class SystemKind { flow, map, delay };
const char* kind_name(SystemKind kind);  // "flow", "map", "delay"

// A named parameter; set_parameter checks value >= minimum, and integrality when integer.
struct Parameter {
  std::string name;
  double value;
  std::string meaning;
  double minimum;
  bool integer = false;
};

// Defaults of a system: sample step, discarded transient, Lyapunov averaging horizon (all in time
// units; iterations for maps), and the half-width of the uniform perturbation a seed adds to the
// default initial state.
struct SystemDefaults {
  double dt;
  double transient;
  double lyapunov_time;
  double seed_spread;
};

class System {
 public:
  virtual ~System() = default;

  const std::string& name() const { return name_; }
  const std::string& summary() const { return summary_; }
  virtual SystemKind kind() const = 0;
  virtual int dimension() const = 0;
  // Names of the coordinates, e.g. x, y, z; used as CSV column headers.
  virtual std::vector<std::string> coordinates() const = 0;
  virtual std::vector<double> default_state() const = 0;
  const SystemDefaults& defaults() const { return defaults_; }

  const std::vector<Parameter>& parameters() const { return parameters_; }
  double parameter(const std::string& name) const;  // throws Error for an unknown name
  // Throws Error naming the system, parameter and value when unknown or out of range.
  void set_parameter(const std::string& name, double value);

  // Length of the argument of evaluate/jacobian: dimension for flows and maps; for delay systems
  // 2·dimension, the current state followed by the delayed state x(t − delay).
  int argument_size() const { return kind() == SystemKind::delay ? 2 * dimension() : dimension(); }
  // Flows: out = dx/dt. Maps: out = next state. Delay: out = dx/dt given (x(t), x(t − delay)).
  virtual void evaluate(std::span<const double> x, std::span<double> out) const = 0;
  // ∂out/∂x, row-major, dimension × argument_size.
  virtual void jacobian(std::span<const double> x, std::span<double> jac) const = 0;
  virtual double delay() const { return 0.0; }
  // Brings angle coordinates back to their canonical range; the vector field is periodic in them.
  virtual void wrap(std::span<double> /*x*/) const {}

 protected:
  System(std::string name, std::string summary, std::vector<Parameter> parameters,
         SystemDefaults defaults);
  double p(int index) const { return parameters_[index].value; }

 private:
  std::string name_, summary_;
  std::vector<Parameter> parameters_;
  SystemDefaults defaults_;
};

// Names of the built-in systems, in listing order.
std::vector<std::string> system_names();
// A new instance with default parameters; throws Error naming an unknown system.
std::unique_ptr<System> make_system(const std::string& name);

struct SimulateOptions {
  int64_t samples = 1000;
  double dt = 0.0;                      // sample spacing; 0 → the system's default (maps: 1 only)
  double transient = -1.0;              // discarded time before the first sample; < 0 → default
  std::vector<double> initial_state{};  // empty → default (delay: the constant history value)
  std::optional<uint64_t> seed{};       // adds uniform noise of ±defaults().seed_spread
  double tolerance = 1e-8;              // flows: allowed per-interval difference of two step sizes
  double max_step = 0.02;               // delay systems: largest internal step
};

struct Trajectory {
  std::vector<std::string> coordinates;
  std::vector<double> times;   // (samples), starting at 0 after the transient
  std::vector<double> states;  // (samples × dimension), row-major
  int substeps = 0;            // flows: RK4 steps per sample interval at the end; delay: likewise

  int64_t samples() const { return static_cast<int64_t>(times.size()); }
  int dimension() const { return static_cast<int>(coordinates.size()); }
  double at(int64_t sample, int coordinate) const {
    return states[static_cast<size_t>(sample) * coordinates.size() + coordinate];
  }
};

// Throws Error naming the option for bad options, and when the state diverges.
Trajectory simulate(const System& system, const SimulateOptions& options);

// Advances a flow's state by time dt with `substeps` classical RK4 steps.
void advance_flow(const System& flow, std::span<double> x, double dt, int substeps);

struct LyapunovOptions {
  double time = 0.0;                  // averaging horizon; 0 → defaults().lyapunov_time
  double transient = -1.0;            // < 0 → default
  double interval = 0.0;              // re-orthonormalisation interval; 0 → defaults().dt
  int count = 0;                      // exponents wanted; 0 → all (delay systems: 1, the most)
  std::vector<double> initial_state{};  // as in SimulateOptions
  std::optional<uint64_t> seed{};
  double tolerance = 1e-8;            // flows: sets the substeps as simulate does
  double max_step = 0.02;             // delay systems
};

struct LyapunovSpectrum {
  std::vector<double> exponents;  // descending, per time unit (maps: per iteration)
  double sum = 0.0;
  double kaplan_yorke = 0.0;      // NaN when the computed exponents cannot determine it
  bool complete = false;          // all `dimension` exponents were computed
  double time = 0.0;              // averaging horizon actually used
};

// Flows: Benettin's method, the variational equations dQ/dt = J(x)·Q integrated with the state
// and Q re-orthonormalised (modified Gram–Schmidt QR) every interval. Maps: Jacobian products,
// QR every iteration. Delay systems: λ1 from two trajectories whose whole history buffers are
// renormalised to a fixed distance every interval.
LyapunovSpectrum lyapunov_spectrum(const System& system, const LyapunovOptions& options);

// j + (λ1+…+λj)/|λ_{j+1}| for the largest j with a non-negative partial sum; `exponents`
// descending. Returns the count when every partial sum is non-negative, 0 when λ1 < 0.
double kaplan_yorke_dimension(std::span<const double> exponents);

}  // namespace flujo::dynamics
