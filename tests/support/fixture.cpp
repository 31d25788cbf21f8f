#include "support/fixture.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>

#include "flujo/core/error.hpp"

namespace flujo::testing {
namespace {
static_assert(std::endian::native == std::endian::little,
              "fixtures are little-endian and read by memcpy");

constexpr uint32_t kMagic = 0x464C4A58;  // bytes "XJLF"
constexpr uint32_t kVersion = 1;
constexpr uint32_t kFloat32 = 0;
constexpr uint32_t kInt64 = 1;

// Reads fields from the file's bytes, checking each against what is left.
class Reader {
 public:
  Reader(const std::vector<char>& bytes, const std::string& path) : bytes_(bytes), path_(path) {}

  [[noreturn]] void fail(const std::string& reason) const {
    throw Error("fixture " + path_ + ": " + reason);
  }
  size_t remaining() const { return bytes_.size() - position_; }
  void need(uint64_t count, const std::string& what) const {
    if (count > remaining())
      fail("truncated: " + what + " needs " + std::to_string(count) + " bytes at offset " +
           std::to_string(position_) + ", " + std::to_string(remaining()) + " left");
  }
  // count elements of element_size bytes each, without overflowing the byte count.
  void need_elements(uint64_t count, uint64_t element_size, const std::string& what) const {
    if (count > remaining() / element_size)
      fail("truncated: " + what + " needs " + std::to_string(count) + " elements of " +
           std::to_string(element_size) + " bytes, " + std::to_string(remaining()) + " left");
  }
  template <typename T>
  T read(const std::string& what) {
    need(sizeof(T), what);
    T value;
    std::memcpy(&value, bytes_.data() + position_, sizeof(T));
    position_ += sizeof(T);
    return value;
  }
  void copy(void* destination, uint64_t count, const std::string& what) {
    need(count, what);
    std::memcpy(destination, bytes_.data() + position_, count);
    position_ += count;
  }

 private:
  const std::vector<char>& bytes_;
  const std::string& path_;
  size_t position_ = 0;
};

std::string resolve(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  return std::string(FLUJO_FIXTURE_DIR) + "/" + name;
}
}  // namespace

Fixture Fixture::load(const std::string& name) {
  Fixture fixture;
  fixture.path_ = resolve(name);
  const std::string& path = fixture.path_;
  std::ifstream file(path, std::ios::binary);
  require(file.good(), "fixture " + path + ": cannot open");
  const std::vector<char> bytes{std::istreambuf_iterator<char>(file), {}};
  Reader in(bytes, path);

  const auto magic = in.read<uint32_t>("magic");
  if (magic != kMagic) in.fail("bad magic (not a flujo fixture)");
  const auto version = in.read<uint32_t>("version");
  if (version != kVersion) in.fail("unsupported version " + std::to_string(version));
  const auto count = in.read<uint32_t>("tensor count");
  for (uint32_t t = 0; t < count; ++t) {
    const std::string label = "tensor " + std::to_string(t);
    const auto name_length = in.read<uint32_t>(label + " name length");
    in.need(name_length, label + " name");
    std::string tensor_name(name_length, '\0');
    in.copy(tensor_name.data(), name_length, label + " name");
    const std::string quoted = "tensor '" + tensor_name + "'";
    if (fixture.entries_.count(tensor_name)) in.fail("duplicate " + quoted);

    const auto rank = in.read<uint32_t>(quoted + " rank");
    if (rank > static_cast<uint32_t>(Shape::kMaxRank))
      in.fail(quoted + " has rank " + std::to_string(rank) + " > 5");
    std::vector<int64_t> dims(rank);
    uint64_t numel = 1;
    for (uint32_t a = 0; a < rank; ++a) {
      const auto dim = in.read<uint64_t>(quoted + " dims");
      if (dim > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        in.fail(quoted + " dimension " + std::to_string(dim) + " is too large");
      if (__builtin_mul_overflow(numel, dim, &numel)) in.fail(quoted + " element count overflows");
      dims[a] = static_cast<int64_t>(dim);
    }
    Entry entry;
    entry.shape = Shape(dims);
    const auto dtype = in.read<uint32_t>(quoted + " dtype");
    if (dtype == kFloat32) {
      in.need_elements(numel, sizeof(float), quoted + " data");
      entry.floats = Tensor(entry.shape);
      in.copy(entry.floats.data(), numel * sizeof(float), quoted + " data");
    } else if (dtype == kInt64) {
      in.need_elements(numel, sizeof(int64_t), quoted + " data");
      entry.is_integer = true;
      entry.integers.resize(numel);
      in.copy(entry.integers.data(), numel * sizeof(int64_t), quoted + " data");
    } else {
      in.fail(quoted + " has unknown dtype " + std::to_string(dtype));
    }
    fixture.entries_.emplace(tensor_name, std::move(entry));
  }
  if (in.remaining() != 0)
    in.fail(std::to_string(in.remaining()) + " trailing bytes after " + std::to_string(count) +
            " tensors");
  return fixture;
}

const Fixture::Entry& Fixture::entry(const std::string& name) const {
  auto it = entries_.find(name);
  require(it != entries_.end(), "fixture " + path_ + ": no tensor named '" + name + "'");
  return it->second;
}

Tensor Fixture::tensor(const std::string& name) const {
  const Entry& e = entry(name);
  require(!e.is_integer, "fixture " + path_ + ": tensor '" + name + "' is int64, not float32");
  return e.floats.clone();
}

std::vector<int32_t> Fixture::indices(const std::string& name) const {
  const Entry& e = entry(name);
  require(e.is_integer, "fixture " + path_ + ": tensor '" + name + "' is float32, not int64");
  std::vector<int32_t> out;
  out.reserve(e.integers.size());
  for (int64_t v : e.integers) {
    require(v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max(),
            "fixture " + path_ + ": tensor '" + name + "' value " + std::to_string(v) +
                " does not fit int32");
    out.push_back(static_cast<int32_t>(v));
  }
  return out;
}

Shape Fixture::shape(const std::string& name) const { return entry(name).shape; }

std::vector<std::string> Fixture::names() const {
  std::vector<std::string> out;
  for (const auto& [name, entry] : entries_) out.push_back(name);
  return out;
}

::testing::AssertionResult expect_close(ConstTensorView actual, ConstTensorView expected,
                                        double tolerance, const std::string& name) {
  if (!(actual.shape == expected.shape))
    return ::testing::AssertionFailure() << name << ": shape " << actual.shape.str()
                                         << " differs from expected " << expected.shape.str();
  double scale = 1e-12;
  for (int64_t i = 0; i < expected.numel(); ++i)
    scale = std::max(scale, std::fabs(static_cast<double>(expected[i])));
  double worst = 0.0;
  int64_t worst_index = -1;
  for (int64_t i = 0; i < actual.numel(); ++i) {
    const double difference = std::fabs(static_cast<double>(actual[i]) - expected[i]);
    if (std::isnan(difference)) {
      worst = std::numeric_limits<double>::quiet_NaN();
      worst_index = i;
      break;
    }
    if (difference > worst || worst_index < 0) {
      worst = difference;
      worst_index = i;
    }
  }
  const double relative = worst / scale;
  if (actual.numel() == 0 || relative <= tolerance) return ::testing::AssertionSuccess();
  std::ostringstream message;
  message.precision(9);
  message << name << ": relative error " << relative << " > " << tolerance << " (scale " << scale
          << "); worst element " << worst_index << " of " << actual.shape.str() << ": actual "
          << actual[worst_index] << ", expected " << expected[worst_index];
  return ::testing::AssertionFailure() << message.str();
}

}  // namespace flujo::testing
