#pragma once
// A move-only callable with inline storage and no heap allocation, so that recording an op's
// backward closure on the tape allocates nothing inside a training step. Captures larger than
// the buffer fail to compile rather than silently allocate.
#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace flujo {

template <std::size_t Capacity = 160>
class SmallFunction {
 public:
  SmallFunction() = default;

  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, SmallFunction>>>
  SmallFunction(F&& f) {  // NOLINT: implicit from lambdas, like std::function
    using Fn = std::decay_t<F>;
    static_assert(sizeof(Fn) <= Capacity, "closure too large for SmallFunction: capture less");
    static_assert(alignof(Fn) <= alignof(std::max_align_t));
    new (storage_) Fn(std::forward<F>(f));
    call_ = [](void* p) { (*static_cast<Fn*>(p))(); };
    destroy_ = [](void* p) { static_cast<Fn*>(p)->~Fn(); };
    move_ = [](void* to, void* from) { new (to) Fn(std::move(*static_cast<Fn*>(from))); };
  }

  SmallFunction(SmallFunction&& other) noexcept { take(other); }
  SmallFunction& operator=(SmallFunction&& other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  SmallFunction(const SmallFunction&) = delete;
  SmallFunction& operator=(const SmallFunction&) = delete;
  ~SmallFunction() { reset(); }

  explicit operator bool() const { return call_ != nullptr; }
  void operator()() { call_(storage_); }

 private:
  void reset() {
    if (destroy_) destroy_(storage_);
    call_ = nullptr;
    destroy_ = nullptr;
    move_ = nullptr;
  }
  void take(SmallFunction& other) {
    if (!other.call_) return;
    other.move_(storage_, other.storage_);
    call_ = other.call_;
    destroy_ = other.destroy_;
    move_ = other.move_;
    other.reset();
  }

  alignas(std::max_align_t) unsigned char storage_[Capacity];
  void (*call_)(void*) = nullptr;
  void (*destroy_)(void*) = nullptr;
  void (*move_)(void*, void*) = nullptr;
};

}  // namespace flujo
