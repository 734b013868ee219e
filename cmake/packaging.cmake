# What an install puts where, the package config for find_package(cloudflow), the pkg-config file
# and the Debian package (cpack -G DEB). Included by the top-level CMakeLists.txt.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS cloudflow cloudflow_testing EXPORT cloudflowTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/cloudflow ${PROJECT_BINARY_DIR}/include/cloudflow
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")

# find_package(cloudflow)
install(EXPORT cloudflowTargets NAMESPACE cloudflow:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/cloudflow)
configure_package_config_file(cmake/cloudflowConfig.cmake.in ${PROJECT_BINARY_DIR}/cloudflowConfig.cmake
    INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/cloudflow PATH_VARS CMAKE_INSTALL_BINDIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cloudflowConfigVersion.cmake COMPATIBILITY SameMinorVersion)
# cloudflow_add_emulator_fixture (cloudflowTesting.cmake), which find_package(cloudflow) includes.
install(FILES ${PROJECT_BINARY_DIR}/cloudflowConfig.cmake ${PROJECT_BINARY_DIR}/cloudflowConfigVersion.cmake
    cmake/cloudflowTesting.cmake cmake/cloudflowEmulatorFixture.cmake
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/cloudflow)

# pkg-config --cflags --libs cloudflow (and cloudflow-testing, the test aids, which requires it)
file(RELATIVE_PATH CLOUDFLOW_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
configure_file(cmake/cloudflow.pc.in ${PROJECT_BINARY_DIR}/cloudflow.pc @ONLY)
configure_file(cmake/cloudflow-testing.pc.in ${PROJECT_BINARY_DIR}/cloudflow-testing.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/cloudflow.pc ${PROJECT_BINARY_DIR}/cloudflow-testing.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The license, the changelog and the README, where Debian keeps a package's documents.
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)
install(FILES CHANGELOG.md README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

if(NOT PROJECT_IS_TOP_LEVEL)
    return()  # inside another project (add_subdirectory, FetchContent): its packaging is its own
endif()

# cpack -G DEB: one package with the library, the headers, the CMake and pkg-config files, and the
# programs this build has (`cloudflow`, `cloudflow-local`). It depends on the -dev packages whose
# headers the public headers include, and on what dpkg-shlibdeps finds the programs need.
set(CPACK_PACKAGE_NAME cloudflow)
set(CPACK_PACKAGE_VENDOR "cloudflow-cpp")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "cloudflow-cpp developers <cloudflow-cpp@users.noreply.github.com>")
set(CPACK_DEBIAN_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${PROJECT_DESCRIPTION}
 A co_await-able client for Alibaba Cloud CloudFlow (fnf 2019-03-15): every operation, signed
 requests (V1 and V3), retries with backoff, typed results and errors. Includes the static library,
 the test aids' library (cloudflow::testing: a mock transport, scripted answers, a manual clock,
 cloudflow-local started from a test), their headers, CMake and pkg-config files, the cloudflow
 command-line client and cloudflow-local, a local CloudFlow emulator for tests.")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libboost1.81-dev, libboost-json1.81-dev, libboost-url1.81-dev, libssl-dev (>= 3)")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
include(CPack)
