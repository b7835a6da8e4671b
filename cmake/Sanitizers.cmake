# capsim_sanitizers: an INTERFACE target that adds AddressSanitizer and
# UndefinedBehaviorSanitizer when CAPSIM_SANITIZE=ON (used by the CI sanitizer pass).
option(CAPSIM_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

add_library(capsim_sanitizers INTERFACE)
if(CAPSIM_SANITIZE)
  target_compile_options(capsim_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(capsim_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
