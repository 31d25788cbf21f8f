#pragma once
// The run layer: a run directory trained, forecast and analysed, for any model of the registry.
#include "flujo/run/analyze.hpp"
#include "flujo/run/config.hpp"
#include "flujo/run/forecast.hpp"
#include "flujo/run/model.hpp"
#include "flujo/run/train.hpp"
