# capsim_warnings: an INTERFACE target carrying the project's warning flags.
# CAPSIM_WERROR=ON (set by CI) turns every warning into an error.
option(CAPSIM_WERROR "Treat compiler warnings as errors" OFF)

add_library(capsim_warnings INTERFACE)
target_compile_options(capsim_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough -Wdouble-promotion
  $<$<BOOL:${CAPSIM_WERROR}>:-Werror>
  # GCC 12 reports false -Wrestrict positives inside std::string concatenation at -O2
  # (GCC bug 105651); the warning says nothing about our code.
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>)
