# The part of emulator/Dockerfile that can be checked without Docker: its build context (the paths
# Dockerfile.dockerignore lets in) is enough to configure the build with the Dockerfile's own
# `cmake -S . -B /build ...` options. Nothing is compiled.
#   cmake -D PROJECT_DIR=<checkout> -D WORK_DIR=<scratch> -P check_context.cmake
file(REMOVE_RECURSE ${WORK_DIR})
set(context ${WORK_DIR}/context)
file(MAKE_DIRECTORY ${context})

# The context: each `!path` of the .dockerignore (which starts by leaving everything out).
file(STRINGS ${PROJECT_DIR}/emulator/Dockerfile.dockerignore ignore_lines)
set(copied 0)
foreach(line IN LISTS ignore_lines)
    if(line MATCHES "^!(.+)$")
        file(COPY ${PROJECT_DIR}/${CMAKE_MATCH_1} DESTINATION ${context})
        math(EXPR copied "${copied} + 1")
    endif()
endforeach()
if(copied EQUAL 0)
    message(FATAL_ERROR "emulator/Dockerfile.dockerignore lets nothing in")
endif()

# The options of the Dockerfile's configure step: `RUN cmake -S . -B /build <options> && ...`.
file(READ ${PROJECT_DIR}/emulator/Dockerfile dockerfile)
string(REGEX REPLACE "\\\\\n" " " dockerfile "${dockerfile}")  # join continued lines
if(NOT dockerfile MATCHES "RUN cmake -S \\. -B /build([^&\n]*)&&")
    message(FATAL_ERROR "emulator/Dockerfile has no `RUN cmake -S . -B /build ... &&` step")
endif()
separate_arguments(options UNIX_COMMAND "${CMAKE_MATCH_1}")

execute_process(COMMAND ${CMAKE_COMMAND} -S ${context} -B ${WORK_DIR}/build ${options}
    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "the Dockerfile's configure step fails on its build context:\n${out}")
endif()
if(NOT EXISTS ${WORK_DIR}/build/build.ninja)
    message(FATAL_ERROR "the Dockerfile's configure step made no Ninja build:\n${out}")
endif()
