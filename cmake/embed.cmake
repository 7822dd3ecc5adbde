# na_embed(TARGET BASE_DIR FILES...): compiles FILES (paths relative to BASE_DIR) into TARGET,
# readable at run time with na_embedded_get("relative/path", &len). Lets binaries find their
# default configuration wherever they run from.
function(na_embed target base_dir)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.c")
  set(deps)
  foreach(f IN LISTS ARGN)
    list(APPEND deps "${base_dir}/${f}")
  endforeach()
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DBASE=${base_dir} "-DFILES=${ARGN}"
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_gen.cmake"
    DEPENDS ${deps} "${PROJECT_SOURCE_DIR}/cmake/embed_gen.cmake"
    COMMENT "Embedding ${target} configuration"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
