// The built-in scenes: a pendulum's bob, a soft disc swinging on a circle about the frame's
// centre (frictionless at one or many energies, damped, or driven into chaos), and a disc driven
// by the Lorenz state (position from x and z, size from y). Each frame is drawn from one sample
// of the system's trajectory, so the state beside it is exact.
#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/dynamics.hpp"
#include "flujo/movie.hpp"

namespace flujo::movie {
namespace {

// The pendulum's rod is this fraction of the frame's side, the bob's Gaussian width another.
constexpr double kRodLength = 0.35, kBobWidth = 0.05;
// Lorenz-63's attractor spans about x ∈ [−20, 20], y ∈ [−27, 27], z ∈ [0, 50].
constexpr double kLorenzX = 20.0, kLorenzY = 27.0, kLorenzZ = 50.0;

// Adds a Gaussian disc of width sigma (pixels) centred at (cx, cy) (pixels, y down); 1 at its
// centre, values clipped to [0, 1].
void draw_disc(float* frame, int64_t size, double cx, double cy, double sigma) {
  for (int64_t row = 0; row < size; ++row)
    for (int64_t col = 0; col < size; ++col) {
      const double dx = col + 0.5 - cx, dy = row + 0.5 - cy;
      const double value = std::exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
      float& pixel = frame[row * size + col];
      pixel = static_cast<float>(std::min(1.0, pixel + value));
    }
}

struct PendulumKind {
  double damping, drive;
  bool chaotic;  // driven: the default transient, seeded start, the drive's phase kept as a coordinate
};

PendulumKind pendulum_kind(const std::string& scene) {
  if (scene == "pendulum") return {0.0, 0.0, false};
  if (scene == "damped-pendulum") return {0.02, 0.0, false};
  return {0.5, 1.5, true};  // the system's defaults: the chaotic regime
}

Movie render_pendulum(const RenderOptions& o) {
  const PendulumKind kind = pendulum_kind(o.scene);
  const double dt = o.dt > 0 ? o.dt : 0.1;
  std::vector<std::string> names = {"t", "theta", "omega", "cos_theta", "sin_theta"};
  if (kind.chaotic) names.push_back("phase");
  Movie movie{{o.frames, o.size, o.size, std::vector<float>(static_cast<size_t>(o.frames * o.size * o.size))},
              data::Series(o.frames, names)};
  int64_t frame = 0;
  for (int64_t run = 0; run < o.energies; ++run) {
    const int64_t count = o.frames / o.energies + (run < o.frames % o.energies ? 1 : 0);
    const auto system = dynamics::make_system("pendulum");
    system->set_parameter("damping", kind.damping);
    system->set_parameter("drive", kind.drive);
    dynamics::SimulateOptions simulate{.samples = count, .dt = dt};
    if (kind.chaotic) {
      simulate.seed = o.seed;
    } else {
      // Released at rest from θ0: one energy per run, evenly from small swings to near the top.
      const double theta0 = o.energies == 1 ? 2.0 : 0.5 + 2.3 * run / static_cast<double>(o.energies - 1);
      simulate.transient = 0.0;
      simulate.initial_state = {theta0, 0.0, 0.0};
    }
    const dynamics::Trajectory path = dynamics::simulate(*system, simulate);
    for (int64_t i = 0; i < count; ++i, ++frame) {
      const double theta = path.at(i, 0), omega = path.at(i, 1);
      double* row = movie.state.data() + frame * movie.state.channels();
      row[0] = frame * dt, row[1] = theta, row[2] = omega, row[3] = std::cos(theta), row[4] = std::sin(theta);
      if (kind.chaotic) row[5] = path.at(i, 2);
      const double centre = o.size / 2.0, arm = kRodLength * o.size;
      draw_disc(movie.frames.pixels.data() + frame * o.size * o.size, o.size,
                centre + arm * std::sin(theta), centre + arm * std::cos(theta), kBobWidth * o.size);
    }
  }
  return movie;
}

Movie render_lorenz(const RenderOptions& o) {
  const auto system = dynamics::make_system("lorenz");
  const double dt = o.dt > 0 ? o.dt : 0.02;
  const dynamics::Trajectory path =
      dynamics::simulate(*system, {.samples = o.frames, .dt = dt, .seed = o.seed});
  Movie movie{{o.frames, o.size, o.size, std::vector<float>(static_cast<size_t>(o.frames * o.size * o.size))},
              data::Series(o.frames, {"t", "x", "y", "z"})};
  for (int64_t i = 0; i < o.frames; ++i) {
    const double x = path.at(i, 0), y = path.at(i, 1), z = path.at(i, 2);
    for (int c = 0; c < 4; ++c) movie.state.at(i, c) = c == 0 ? i * dt : path.at(i, c - 1);
    // The disc keeps inside the frame: x and z span its middle 70%, y sets its width.
    const double u = std::clamp((x + kLorenzX) / (2 * kLorenzX), 0.0, 1.0);
    const double v = std::clamp(z / kLorenzZ, 0.0, 1.0);
    const double w = std::clamp((y + kLorenzY) / (2 * kLorenzY), 0.0, 1.0);
    draw_disc(movie.frames.pixels.data() + i * o.size * o.size, o.size, (0.15 + 0.7 * u) * o.size,
              (0.85 - 0.7 * v) * o.size, (0.03 + 0.05 * w) * o.size);
  }
  return movie;
}

}  // namespace

std::vector<Scene> scenes() {
  return {{"pendulum", "a frictionless pendulum's bob released at rest (--energies K: K energies)"},
          {"damped-pendulum", "the bob slowing down under friction (damping 0.02)"},
          {"driven-pendulum", "the damped driven pendulum in its chaotic regime"},
          {"lorenz", "a disc whose position follows Lorenz x and z and whose size follows y"}};
}

Movie render(const RenderOptions& o) {
  std::string names;
  bool known = false;
  for (const Scene& scene : scenes()) {
    names += (names.empty() ? "" : ", ") + scene.name;
    known = known || scene.name == o.scene;
  }
  require(known, fmt::format("the scene must be one of {}, got '{}'", names, o.scene));
  require(o.frames >= 1, fmt::format("--frames must be at least 1, got {}", o.frames));
  require(o.size >= 8 && o.size <= 1024, fmt::format("--size must be 8 to 1024, got {}", o.size));
  require(o.dt >= 0 && std::isfinite(o.dt), fmt::format("--dt must be positive, got {}", o.dt));
  require(o.energies >= 1 && o.energies <= o.frames,
          fmt::format("--energies must be 1 to the number of frames, got {}", o.energies));
  require(o.energies == 1 || o.scene == "pendulum", "--energies is for the pendulum scene");
  return o.scene == "lorenz" ? render_lorenz(o) : render_pendulum(o);
}

}  // namespace flujo::movie
