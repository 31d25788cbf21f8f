// RUN/checkpoint.safetensors: a save/load round trip restores every bit the epoch loop carries;
// a checkpoint of another configuration or a file that is none is refused with a named reason;
// and a checkpoint that cannot be written (full disk) leaves the previous one whole.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "flujo/core/error.hpp"
#include "flujo/core/random.hpp"
#include "flujo/core/safetensors.hpp"
#include "run/checkpoint.hpp"

namespace flujo::run {
namespace {

namespace fs = std::filesystem;

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "flujo_checkpoint_" + std::to_string(::getpid()) + "_" + name;
}

// A model-sized store with random weights and an Adam that has taken two steps, so that every
// buffer holds something a lost bit would change.
struct Trained {
  explicit Trained(int64_t rows, uint64_t seed = 1) : store(make_store(rows)) {
    Rng rng(seed);
    rng.fill_normal(TensorView{store.values(), Shape{store.numel()}}, 0.0f, 1.0f);
    for (int step = 0; step < 2; ++step) {
      rng.fill_normal(TensorView{store.grads(), Shape{store.numel()}}, 0.0f, 1.0f);
      adam.step();
    }
    best.assign(store.values(), store.values() + store.numel());
    best[0] += 1.0f;
  }
  static ParameterStore make_store(int64_t rows) {
    ParameterStore made;
    made.add("layer.weight", Shape{rows, 4});
    made.add("layer.bias", Shape{rows});
    return made;
  }
  ParameterStore store;
  optim::Adam adam{store, {.lr = 1e-2}};
  std::vector<float> best;
};

LoopState some_state() {
  data::BatchOrder order(50, 8, 3);
  for (int i = 0; i < 3; ++i) order.next();
  LoopState state;
  state.epoch = 2;
  state.step = 9;
  state.epoch_loss = 0.1 + 1e-17;
  state.epoch_seen = 24;
  state.best_validation = INFINITY;
  state.stale_epochs = 1;
  state.epochs_run = 1;
  state.threads = 3;
  state.seconds = 1.0 / 3.0;
  state.history = {{1, 2.0 / 3.0, NAN, 1e-3 / 7.0, 0.25, 1e5 / 3.0}};
  state.order = order.state();
  return state;
}

TEST(Checkpoint, RoundTripRestoresEveryBit) {
  const TrainConfig config;
  Trained saved(6);
  const LoopState state = some_state();
  const std::string path = temp_path("round_trip.safetensors");
  save_checkpoint(path, config, state, saved.store, saved.best, saved.adam);

  Trained loaded(6, /*seed=*/99);
  std::vector<float> best;
  const LoopState back = load_checkpoint(path, config, loaded.store, best, loaded.adam);
  const int64_t n = saved.store.numel();
  EXPECT_EQ(std::memcmp(loaded.store.values(), saved.store.values(), n * sizeof(float)), 0);
  EXPECT_EQ(best, saved.best);
  for (size_t b = 0; b < 2; ++b)
    EXPECT_EQ(*loaded.adam.state_buffers()[b].values, *saved.adam.state_buffers()[b].values);
  EXPECT_EQ(loaded.adam.steps_taken(), 2);
  EXPECT_EQ(back.epoch, 2);
  EXPECT_EQ(back.step, 9);
  EXPECT_EQ(back.epoch_loss, state.epoch_loss);
  EXPECT_EQ(back.epoch_seen, 24);
  EXPECT_EQ(back.best_validation, INFINITY);
  EXPECT_EQ(back.stale_epochs, 1);
  EXPECT_EQ(back.epochs_run, 1);
  EXPECT_EQ(back.threads, 3);
  EXPECT_EQ(back.seconds, state.seconds);
  ASSERT_EQ(back.history.size(), 1u);
  EXPECT_EQ(back.history[0].loss, state.history[0].loss);
  EXPECT_TRUE(std::isnan(back.history[0].validation_loss));
  EXPECT_EQ(back.history[0].learning_rate, state.history[0].learning_rate);
  EXPECT_EQ(back.history[0].samples_per_second, state.history[0].samples_per_second);
  EXPECT_EQ(back.order.permutation, state.order.permutation);
  EXPECT_EQ(back.order.position, 24);
  EXPECT_EQ(std::memcmp(back.order.rng.s, state.order.rng.s, sizeof state.order.rng.s), 0);
  std::remove(path.c_str());
}

TEST(Checkpoint, RefusesACheckpointOfAnotherConfigurationOrModel) {
  TrainConfig config;
  Trained trained(6);
  const std::string path = temp_path("other.safetensors");
  save_checkpoint(path, config, some_state(), trained.store, trained.best, trained.adam);
  std::vector<float> best;
  TrainConfig moved = config;
  moved.out = "elsewhere";  // a run directory may move
  EXPECT_NO_THROW(load_checkpoint(path, moved, trained.store, best, trained.adam));
  TrainConfig changed = config;
  changed.epochs = 31;
  try {
    load_checkpoint(path, changed, trained.store, best, trained.adam);
    FAIL() << "a checkpoint of 30 epochs was accepted for 31";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("written with epochs = 30, but config.toml has 31"),
              std::string::npos) << e.what();
  }
  Trained bigger(7);
  EXPECT_THROW(load_checkpoint(path, config, bigger.store, best, bigger.adam), Error);
  std::remove(path.c_str());
}

TEST(Checkpoint, RefusesFilesThatAreNoCheckpoint) {
  Trained trained(3);
  std::vector<float> best;
  const std::string model = temp_path("model.safetensors");
  write_safetensors(model, trained.store, {{"format", "flujo-model-1"}});
  EXPECT_THROW(load_checkpoint(model, {}, trained.store, best, trained.adam), Error);
  const std::string garbage = temp_path("garbage.safetensors");
  std::ofstream(garbage) << "not a checkpoint";
  EXPECT_THROW(load_checkpoint(garbage, {}, trained.store, best, trained.adam), Error);
  EXPECT_THROW(load_checkpoint(temp_path("absent"), {}, trained.store, best, trained.adam), Error);
  std::remove(model.c_str());
  std::remove(garbage.c_str());
}

// In a forked child: a 64 KiB tmpfs mounted in a private user and mount namespace (as
// `unshare -rm` does), or, where namespaces are not allowed, RLIMIT_FSIZE (writes past the limit
// fail with EFBIG). A small checkpoint fits, a large one does not. Returns "mode\nerror\nverdict".
std::string write_into_a_full_disk(const std::string& directory) {
  std::string mode = "rlimit";
  const uid_t uid = ::getuid();
  const gid_t gid = ::getgid();
  if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0) {
    std::ofstream("/proc/self/setgroups") << "deny";
    std::ofstream("/proc/self/uid_map") << "0 " << uid << " 1";
    std::ofstream("/proc/self/gid_map") << "0 " << gid << " 1";
    if (::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 &&
        ::mount("tmpfs", directory.c_str(), "tmpfs", 0, "size=64k") == 0)
      mode = "tmpfs";
  }
  if (mode == "rlimit") {
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{32 * 1024, 32 * 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  const TrainConfig config;
  const std::string path = directory + "/checkpoint.safetensors";
  Trained small(100);  // 4 buffers of 500 floats: 8 KB
  LoopState state = some_state();
  save_checkpoint(path, config, state, small.store, small.best, small.adam);
  Trained large(4000);  // 320 KB
  state.step = 10;
  std::string error = "(no error)";
  try {
    save_checkpoint(path, config, state, large.store, large.best, large.adam);
  } catch (const Error& e) {
    error = e.what();
  }
  std::vector<float> best;
  Trained reread(100, /*seed=*/5);
  std::string verdict = "intact";
  try {
    if (load_checkpoint(path, config, reread.store, best, reread.adam).step != 9 ||
        best != small.best)
      verdict = "the previous checkpoint changed";
  } catch (const Error& e) {
    verdict = std::string("the previous checkpoint is unreadable: ") + e.what();
  }
  if (fs::exists(path + ".tmp")) verdict = "a temporary file was left behind";
  return mode + "\n" + error + "\n" + verdict;
}

TEST(Checkpoint, AFullDiskLeavesThePreviousCheckpointWhole) {
  const std::string directory = temp_path("full_disk");
  fs::create_directories(directory);
  int channel[2];
  ASSERT_EQ(::pipe(channel), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(channel[0]);
    std::string report;
    try {
      report = write_into_a_full_disk(directory);
    } catch (const std::exception& e) {
      report = std::string("failed\n") + e.what() + "\n";
    }
    const ssize_t written = ::write(channel[1], report.data(), report.size());
    ::_exit(written == static_cast<ssize_t>(report.size()) ? 0 : 1);
  }
  ::close(channel[1]);
  std::string report;
  char buffer[512];
  for (ssize_t n; (n = ::read(channel[0], buffer, sizeof buffer)) > 0;) report.append(buffer, n);
  ::close(channel[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << report;
  const size_t first = report.find('\n'), second = report.find('\n', first + 1);
  ASSERT_NE(second, std::string::npos) << report;
  const std::string mode = report.substr(0, first);
  const std::string error = report.substr(first + 1, second - first - 1);
  RecordProperty("full_disk_simulation", mode);
  EXPECT_EQ(report.substr(second + 1), "intact");
  EXPECT_NE(error.find("checkpoint.safetensors: write failed ("), std::string::npos) << error;
  const std::string reason = mode == "tmpfs" ? "No space left on device" : "File too large";
  EXPECT_NE(error.find(reason), std::string::npos) << mode << ": " << error;
  fs::remove_all(directory);
}

}  // namespace
}  // namespace flujo::run
