#pragma once
// The one way into a multi-level kernel: HWY_EXPORT(Name) in the kernel's file, then
// FLUJO_DISPATCH(Name)(args...) calls Name at the active kernel level. kernel_level() comes
// first so that FLUJO_CPU is read before Highway picks a target for the first time.
#include "flujo/core/kernel_level.hpp"
#include "hwy/highway.h"

#define FLUJO_DISPATCH(NAME) (static_cast<void>(::flujo::kernel_level()), HWY_DYNAMIC_DISPATCH(NAME))
