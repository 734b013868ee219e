# Run by the cloudflow_docs target (cmake -P): every public header outside detail/ opens with a
# `/// @file` comment that says what it holds. Doxygen itself does not warn about a header without
# one. Usage: cmake -D CLOUDFLOW_INCLUDE_DIR=<dir> -P check_file_docs.cmake
file(GLOB_RECURSE headers RELATIVE ${CLOUDFLOW_INCLUDE_DIR} ${CLOUDFLOW_INCLUDE_DIR}/*.hpp)
set(missing "")
foreach(header IN LISTS headers)
    if(header MATCHES "(^|/)detail/")
        continue()
    endif()
    file(STRINGS ${CLOUDFLOW_INCLUDE_DIR}/${header} file_comment REGEX "^/// @file" LIMIT_COUNT 1)
    if(NOT file_comment)
        list(APPEND missing ${header})
    endif()
endforeach()
if(missing)
    list(JOIN missing "\n  " missing_text)
    message(FATAL_ERROR "Public headers without a `/// @file` comment (the reference docs need one):\n  "
                        "${missing_text}")
endif()
