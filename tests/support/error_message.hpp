#pragma once
// The one line a test expects from bad input: the message of the flujo::Error that `call` throws,
// or "no error" when it returns.
#include <string>

#include "flujo/core/error.hpp"

namespace flujo::testing {

template <typename Call>
std::string error_message(Call&& call) {
  try {
    call();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace flujo::testing
