# Builds and runs a user's project against cloudflow as it is delivered, in a scratch directory:
#   MODE=install        `cmake --install` into a prefix; find_package(cloudflow)
#   MODE=deb            `cpack -G DEB`, the package installed by dpkg into a scratch root (its own
#                       dpkg database); its files checked; find_package(cloudflow) and pkg-config
#   MODE=fetch_content  FetchContent of this source tree (add_subdirectory underneath)
# cmake -D MODE=... -D BUILD_DIR=... -D SOURCE_DIR=<tests/package> -D PROJECT_DIR=<checkout>
#       -D WORK_DIR=... [-D LAUNCHER=ccache] -P check.cmake
file(REMOVE_RECURSE ${WORK_DIR})
set(launcher)
if(LAUNCHER)
    set(launcher -D CMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()

function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT status EQUAL 0)
        list(JOIN ARGN " " command)
        message(FATAL_ERROR "${command}: ${status}\n${out}")
    endif()
endfunction()

# Configures and builds the consumer project in SOURCE_DIR/<project> with more -D options, then
# runs its tests (the find_package consumer's run inside the installed emulator fixture).
function(build_and_run_consumer project)
    set(build ${WORK_DIR}/${project}-build)
    run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/${project} -B ${build} -G Ninja -D CMAKE_BUILD_TYPE= ${launcher} ${ARGN})
    run(${CMAKE_COMMAND} --build ${build})
    run(${CMAKE_CTEST_COMMAND} --test-dir ${build} --output-on-failure)
endfunction()

# The production library carries none of the test aids: they are cloudflow::testing's alone.
function(check_libraries_apart libdir)
    foreach(name cloudflow cloudflow-testing)
        file(GLOB library ${libdir}/lib${name}.a ${libdir}/lib${name}.so)
        if(NOT library)
            message(FATAL_ERROR "no lib${name} in ${libdir}")
        endif()
        execute_process(COMMAND nm -C --defined-only ${library} OUTPUT_VARIABLE symbols COMMAND_ERROR_IS_FATAL ANY)
        string(REGEX MATCH "cloudflow::testing::[A-Za-z_]+" aid "${symbols}")
        if(name STREQUAL "cloudflow" AND aid)
            message(FATAL_ERROR "${library} defines ${aid}: the test aids belong to libcloudflow-testing")
        elseif(name STREQUAL "cloudflow-testing" AND NOT aid)
            message(FATAL_ERROR "${library} defines no cloudflow::testing symbol")
        endif()
    endforeach()
endfunction()

if(MODE STREQUAL "install")
    run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
    file(GLOB_RECURSE config ${WORK_DIR}/prefix/*/cloudflowConfig.cmake)
    get_filename_component(libdir ${config} DIRECTORY)
    get_filename_component(libdir ${libdir} DIRECTORY)
    get_filename_component(libdir ${libdir} DIRECTORY)
    check_libraries_apart(${libdir})
    build_and_run_consumer(find_package -D CMAKE_PREFIX_PATH=${WORK_DIR}/prefix)

elseif(MODE STREQUAL "deb")
    run(${CMAKE_CPACK_COMMAND} -G DEB -B ${WORK_DIR}/cpack --config ${BUILD_DIR}/CPackConfig.cmake)
    file(GLOB deb ${WORK_DIR}/cpack/cloudflow_*.deb)
    list(LENGTH deb count)
    if(NOT count EQUAL 1)
        message(FATAL_ERROR "cpack made ${count} packages: ${deb}")
    endif()
    # A scratch root with an empty dpkg database: dpkg installs the package as on a machine, but
    # the dependencies are this machine's (hence --force-depends) and nothing outside WORK_DIR changes.
    set(root ${WORK_DIR}/root)
    file(MAKE_DIRECTORY ${root}/var/lib/dpkg/info ${root}/var/lib/dpkg/updates)
    file(TOUCH ${root}/var/lib/dpkg/status)
    run(dpkg --root=${root} --log=/dev/null --force-depends --force-not-root --force-script-chrootless -i ${deb})
    run(dpkg --root=${root} -s cloudflow)
    execute_process(COMMAND dpkg-deb -f ${deb} Depends OUTPUT_VARIABLE depends)
    # cloudflow-local links libyaml and RE2: dpkg-shlibdeps names their runtime packages.
    foreach(needed libboost-json1.81-dev libboost-url1.81-dev libssl-dev libc6 libyaml-0-2 libre2-9)
        if(NOT depends MATCHES "${needed}")
            message(FATAL_ERROR "the package does not depend on ${needed}: ${depends}")
        endif()
    endforeach()
    file(GLOB_RECURSE config ${root}/usr/*/cloudflowConfig.cmake)
    file(GLOB_RECURSE pc ${root}/usr/*/cloudflow.pc)
    file(GLOB_RECURSE testing_pc ${root}/usr/*/cloudflow-testing.pc)
    if(NOT testing_pc)
        message(FATAL_ERROR "the package has no cloudflow-testing.pc")
    endif()
    get_filename_component(libdir ${pc} DIRECTORY)
    get_filename_component(libdir ${libdir} DIRECTORY)
    check_libraries_apart(${libdir})
    foreach(file usr/bin/cloudflow usr/bin/cloudflow-local usr/include/cloudflow/cloudflow.hpp
            usr/include/cloudflow/version.hpp usr/share/doc/cloudflow/copyright)
        if(NOT EXISTS ${root}/${file})
            message(FATAL_ERROR "the package has no /${file}")
        endif()
    endforeach()
    if(NOT config OR NOT pc)
        message(FATAL_ERROR "the package has no CMake config (${config}) or pkg-config file (${pc})")
    endif()
    run(${root}/usr/bin/cloudflow-local --help)
    run(${root}/usr/bin/cloudflow --help)

    build_and_run_consumer(find_package -D CMAKE_PREFIX_PATH=${root}/usr)

    # pkg-config, as a Makefile would use it.
    get_filename_component(pc_dir ${pc} DIRECTORY)
    set(ENV{PKG_CONFIG_PATH} ${pc_dir})
    execute_process(COMMAND pkg-config --cflags --libs cloudflow-testing OUTPUT_VARIABLE flags
        OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
    separate_arguments(flags UNIX_COMMAND "${flags}")
    run(${LAUNCHER} c++ -std=c++20 ${SOURCE_DIR}/consumer.cpp -o ${WORK_DIR}/pkg-config-consumer ${flags})
    run(${WORK_DIR}/pkg-config-consumer)

elseif(MODE STREQUAL "fetch_content")
    build_and_run_consumer(fetch_content -D FETCHCONTENT_SOURCE_DIR_CLOUDFLOW=${PROJECT_DIR})

else()
    message(FATAL_ERROR "MODE must be install, deb or fetch_content")
endif()
