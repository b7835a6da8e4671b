# capsim_sanitizers: an INTERFACE target that adds AddressSanitizer and
# UndefinedBehaviorSanitizer when CAPSIM_SANITIZE=ON (used by the CI sanitizer pass).
option(CAPSIM_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

add_library(capsim_sanitizers INTERFACE)
if(CAPSIM_SANITIZE)
  target_compile_options(capsim_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
    # ASan's instrumentation defeats GCC's flow analysis: GCC 12 then reports false
    # -Wmaybe-uninitialized in std::variant and std::function moves (seen in <regex> and in
    # growth.cpp; GCC bugs 105562, 107138). The Release build keeps the warning, so real
    # uses of uninitialized values are still caught there.
    $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
  target_link_options(capsim_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
