#pragma once
// The kernel level: which instruction set flujo's SIMD kernels (the per-step products, the fused
// gate passes, the column sums, the free run's head) run with. One binary carries every level;
// the best one the CPU supports is chosen when the first kernel runs, unless FLUJO_CPU names
// another (avx512, avx2, sse4 or baseline), which must be at or below the CPU's best. The vector
// width belongs to the level (16 floats for avx512, 8 for avx2, 4 for sse4, 1 for baseline), and
// so does the rounding: the same seed, threads and level give the same bits; two levels differ
// in the last bits.
//
//   flujo::KernelLevel level = flujo::kernel_level();           // e.g. KernelLevel::avx2
//   std::printf("%s\n", flujo::level_name(level).data());        // "avx2"
#include <optional>
#include <string_view>
#include <vector>

namespace flujo {

// Ordered from the most portable to the widest.
enum class KernelLevel { baseline, sse4, avx2, avx512 };

std::string_view level_name(KernelLevel level);
std::optional<KernelLevel> parse_level(std::string_view name);

// The levels this binary carries and this CPU can run, most portable first.
std::vector<KernelLevel> supported_levels();

// The level in use. The first call reads FLUJO_CPU; an unknown name, or a level above what the
// CPU (or a -march=native build) supports, throws flujo::Error naming the variable.
KernelLevel kernel_level();

// Switches every kernel to `level` (throws flujo::Error if it is not supported); for tests and
// benchmarks that compare levels in one process. Not thread-safe against running kernels.
void set_kernel_level(KernelLevel level);

}  // namespace flujo
