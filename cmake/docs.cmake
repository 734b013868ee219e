# The reference documentation (docs/Doxyfile.in): `cmake --build <dir> --target cloudflow_docs`
# writes HTML to <dir>/docs/html. Doxygen fails the target on any warning, such as an
# undocumented public symbol; so does a public header without a `/// @file` comment.
find_package(Doxygen)
if(NOT DOXYGEN_FOUND)
    message(FATAL_ERROR "CLOUDFLOW_BUILD_DOCS is ON but Doxygen was not found (install doxygen, or set "
                        "DOXYGEN_EXECUTABLE)")
endif()

set(CLOUDFLOW_DOCS_OUTPUT_DIR ${PROJECT_BINARY_DIR}/docs)
configure_file(${PROJECT_SOURCE_DIR}/docs/Doxyfile.in ${CLOUDFLOW_DOCS_OUTPUT_DIR}/Doxyfile @ONLY)

# Runs every time it is built (a few seconds): the check must not be skipped as up to date.
add_custom_target(cloudflow_docs
    COMMAND ${CMAKE_COMMAND} -D CLOUDFLOW_INCLUDE_DIR=${PROJECT_SOURCE_DIR}/include/cloudflow
            -P ${PROJECT_SOURCE_DIR}/cmake/check_file_docs.cmake
    COMMAND ${CMAKE_COMMAND} -E rm -rf ${CLOUDFLOW_DOCS_OUTPUT_DIR}/html
    COMMAND Doxygen::doxygen ${CLOUDFLOW_DOCS_OUTPUT_DIR}/Doxyfile
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "Reference documentation (Doxygen, no warning allowed): ${CLOUDFLOW_DOCS_OUTPUT_DIR}/html/index.html"
    VERBATIM)
