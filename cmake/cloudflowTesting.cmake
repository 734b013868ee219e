# CTest fixtures that run cloudflow-local, the local CloudFlow emulator, around a project's tests.
# Included by cloudflowConfig.cmake (find_package(cloudflow)) and by cloudflow-cpp's own
# CMakeLists.txt (add_subdirectory). docs/testing.md describes it.
#
#   cloudflow_add_emulator_fixture(<fixture>
#       [CONFIG <file>]              # --config: keys, flows, functions, faults (default: the built-in demo)
#       [MOCKS <file>]               # --mocks: what mocked Task states return or throw, per test case
#       [FUNCTIONS <name>=<url>...]  # --function: FC:InvokeFunction's local endpoints
#       [TIME_SCALE <F>]             # --time-scale: the flows' waits last F of their time (0 < F <= 1)
#       [ARGS <arg>...]              # more cloudflow-local options (--quiet, --seed 7, --latency-ms 50, ...)
#       [EXECUTABLE <path>]          # default: the target cloudflow::cloudflow-local
#       [STARTUP_TIMEOUT <seconds>]  # default 30
#       [LABELS <label>...])         # labels of the two tests it adds
#
# adds the tests "<fixture>: start cloudflow-local" (FIXTURES_SETUP <fixture>) and
# "<fixture>: stop cloudflow-local" (FIXTURES_CLEANUP <fixture>). The first starts cloudflow-local
# in the background on a free loopback port and returns once it listens, having written its URL to
# a file; the second stops it (SIGTERM, then SIGKILL after 15 s). CTest runs the cleanup test even
# when tests failed. The variable <fixture>_URL_FILE, set in the caller's scope, names the URL file.
#
#   cloudflow_require_emulator_fixture(<fixture> TESTS <test>...)
#
# makes each test require the fixture (FIXTURES_REQUIRED) and sets CLOUDFLOW_LOCAL_URL_FILE in its
# environment; in C++, cloudflow::testing::fixture_url_from_environment() returns the URL.
include_guard(GLOBAL)

set(_cloudflow_fixture_script "${CMAKE_CURRENT_LIST_DIR}/cloudflowEmulatorFixture.cmake")

function(cloudflow_add_emulator_fixture fixture)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "CONFIG;MOCKS;EXECUTABLE;STARTUP_TIMEOUT;TIME_SCALE" "ARGS;FUNCTIONS;LABELS")
    if(arg_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR "cloudflow_add_emulator_fixture: unknown arguments ${arg_UNPARSED_ARGUMENTS}")
    endif()
    if(NOT fixture MATCHES "^[A-Za-z0-9_.-]+$")
        message(FATAL_ERROR "cloudflow_add_emulator_fixture: '${fixture}': use letters, digits, '_', '.' and '-'")
    endif()
    if(arg_EXECUTABLE)
        set(executable "${arg_EXECUTABLE}")
    elseif(TARGET cloudflow::cloudflow-local)
        set(executable "$<TARGET_FILE:cloudflow::cloudflow-local>")
    else()
        message(FATAL_ERROR "cloudflow_add_emulator_fixture: no cloudflow-local: it was not installed with "
            "cloudflow (CLOUDFLOW_BUILD_EMULATOR) and no EXECUTABLE was given")
    endif()
    set(config "")
    if(arg_CONFIG)
        get_filename_component(config "${arg_CONFIG}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    endif()
    # The mock file and the functions become arguments, before ARGS.
    set(extra)
    if(arg_MOCKS)
        get_filename_component(mocks "${arg_MOCKS}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
        list(APPEND extra --mocks "${mocks}")
    endif()
    foreach(f IN LISTS arg_FUNCTIONS)
        if(NOT f MATCHES "^[^=]+=.+")
            message(FATAL_ERROR "cloudflow_add_emulator_fixture: FUNCTIONS '${f}': write <name>=<url>")
        endif()
        list(APPEND extra --function "${f}")
    endforeach()
    if(DEFINED arg_TIME_SCALE)
        # A decimal or E-notation number; cloudflow-local checks the range when it starts.
        if(NOT arg_TIME_SCALE MATCHES "^([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?$")
            message(FATAL_ERROR "cloudflow_add_emulator_fixture: TIME_SCALE '${arg_TIME_SCALE}': write a number "
                "above 0 and at most 1, such as 0.001")
        endif()
        list(APPEND extra --time-scale "${arg_TIME_SCALE}")
    endif()
    list(PREPEND arg_ARGS ${extra})
    if(NOT arg_STARTUP_TIMEOUT)
        set(arg_STARTUP_TIMEOUT 30)
    endif()

    # The settings go to a file written at generation time (which resolves $<TARGET_FILE:...>):
    # arguments pass through unchanged, whatever characters they hold.
    set(state_dir "${CMAKE_CURRENT_BINARY_DIR}/cloudflow-local-fixtures/${fixture}")
    set(content "set(EXECUTABLE [==[${executable}]==])\nset(CONFIG [==[${config}]==])\n")
    string(APPEND content "set(STATE_DIR [==[${state_dir}]==])\nset(STARTUP_TIMEOUT ${arg_STARTUP_TIMEOUT})\nset(ARGS)\n")
    foreach(a IN LISTS arg_ARGS)
        string(APPEND content "list(APPEND ARGS [==[${a}]==])\n")
    endforeach()
    file(GENERATE OUTPUT "${state_dir}/settings-$<CONFIG>.cmake" CONTENT "${content}")

    set(start "${fixture}: start cloudflow-local")
    set(stop "${fixture}: stop cloudflow-local")
    add_test(NAME "${start}" COMMAND "${CMAKE_COMMAND}" -D ACTION=start
        "-DSETTINGS=${state_dir}/settings-$<CONFIG>.cmake" -P "${_cloudflow_fixture_script}")
    add_test(NAME "${stop}" COMMAND "${CMAKE_COMMAND}" -D ACTION=stop
        "-DSETTINGS=${state_dir}/settings-$<CONFIG>.cmake" -P "${_cloudflow_fixture_script}")
    math(EXPR start_timeout "${arg_STARTUP_TIMEOUT} + 30")
    set_tests_properties("${start}" PROPERTIES FIXTURES_SETUP "${fixture}" TIMEOUT ${start_timeout})
    set_tests_properties("${stop}" PROPERTIES FIXTURES_CLEANUP "${fixture}" TIMEOUT 60)
    if(arg_LABELS)
        set_tests_properties("${start}" "${stop}" PROPERTIES LABELS "${arg_LABELS}")
    endif()
    set_property(GLOBAL PROPERTY "CLOUDFLOW_EMULATOR_FIXTURE_${fixture}_URL_FILE" "${state_dir}/url")
    set(${fixture}_URL_FILE "${state_dir}/url" PARENT_SCOPE)
endfunction()

function(cloudflow_require_emulator_fixture fixture)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "TESTS")
    get_property(url_file GLOBAL PROPERTY "CLOUDFLOW_EMULATOR_FIXTURE_${fixture}_URL_FILE")
    if(NOT url_file)
        message(FATAL_ERROR "cloudflow_require_emulator_fixture: no fixture '${fixture}': "
            "call cloudflow_add_emulator_fixture(${fixture}) first")
    endif()
    if(arg_UNPARSED_ARGUMENTS OR NOT arg_TESTS)
        message(FATAL_ERROR "cloudflow_require_emulator_fixture: use (${fixture} TESTS <test>...)")
    endif()
    foreach(test IN LISTS arg_TESTS)
        set_property(TEST "${test}" APPEND PROPERTY FIXTURES_REQUIRED "${fixture}")
        set_property(TEST "${test}" APPEND PROPERTY ENVIRONMENT "CLOUDFLOW_LOCAL_URL_FILE=${url_file}")
    endforeach()
endfunction()
