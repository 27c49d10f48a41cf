# The N-API addon xai_native.node: the binding layer around xai_kernels and xai_cuda.
# Include paths come from cmake-js (CMAKE_JS_INC: node-api-headers and node-addon-api,
# as package.json declares binary.napi_versions); without cmake-js we ask node.
if(NOT DEFINED CMAKE_JS_INC)
  find_program(XAI_NODE node REQUIRED)
  execute_process(
    COMMAND "${XAI_NODE}" -p "require('node-api-headers').include_dir + ';' + require('node-addon-api').include_dir"
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    OUTPUT_VARIABLE CMAKE_JS_INC OUTPUT_STRIP_TRAILING_WHITESPACE
    COMMAND_ERROR_IS_FATAL ANY)
endif()

add_library(xai_native SHARED
  ${CMAKE_JS_SRC}
  src/binding/addon.cpp
  src/binding/describe.cpp
  src/binding/kernels.cpp
  src/binding/output_buffer.cpp
)
set_target_properties(xai_native PROPERTIES PREFIX "" SUFFIX ".node")
target_include_directories(xai_native PRIVATE ${CMAKE_JS_INC})
target_link_libraries(xai_native PRIVATE xai_kernels xai_cuda ${CMAKE_JS_LIB})
target_compile_options(xai_native PRIVATE ${XAI_WARNINGS})
target_compile_definitions(xai_native PRIVATE
  NAPI_VERSION=${XAI_NAPI_VERSION}
  NODE_ADDON_API_DISABLE_DEPRECATED
  # C++ exceptions, so errors.h can turn them into JS exceptions at the boundary;
  # _ALL also converts any std::exception that escapes it, as a last resort.
  NODE_ADDON_API_CPP_EXCEPTIONS
  NODE_ADDON_API_CPP_EXCEPTIONS_ALL
)
# Windows: cmake-js generates node.lib from node-api-headers' .def file.
if(MSVC AND CMAKE_JS_NODELIB_DEF AND CMAKE_JS_NODELIB_TARGET)
  execute_process(COMMAND ${CMAKE_AR} /def:${CMAKE_JS_NODELIB_DEF} /out:${CMAKE_JS_NODELIB_TARGET} ${CMAKE_STATIC_LINKER_FLAGS})
endif()
