// reshape: a view of x under another shape. Value and gradient memory are shared with x, so
// there is no kernel and no backward closure.
#include "flujo/core/ops.hpp"

namespace flujo {

Var reshape(Var x, Shape shape) { return x.tape->alias(x, shape); }

}  // namespace flujo
