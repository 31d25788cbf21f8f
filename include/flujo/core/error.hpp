#pragma once
// Errors a user can cause (bad option, malformed file, impossible shape). The CLI prints
// `flujo: error: <what>` on one line and exits with code 2; nothing else catches them.
#include <stdexcept>
#include <string>
#include <vector>

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

// "a, b or c": the choices an error message offers.
inline std::string choice_list(const std::vector<std::string>& choices) {
  std::string text;
  for (size_t i = 0; i < choices.size(); ++i)
    text += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
  return text;
}

}  // namespace flujo
