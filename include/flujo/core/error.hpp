#pragma once
// Errors a user can cause (bad option, malformed file, impossible shape). The CLI prints
// `flujo: error: <what>` on one line and exits with code 2; nothing else catches them.
#include <stdexcept>
#include <string>

namespace flujo {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws Error(message) when condition is false. For checks of user-controlled input only;
// internal invariants use assert.
inline void require(bool condition, const std::string& message) {
  if (!condition) throw Error(message);
}

}  // namespace flujo
