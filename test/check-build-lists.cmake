# Fails when CMakeLists.txt, wscript and the files on disk disagree about the module's
# sources, headers, tests and examples. Run as: cmake -DSOURCE_DIR=<module> -P <this file>
# (CTest runs it as `build-lists-agree`).
#
# What counts as listed:
#  * every path matching (model|helper|test|examples)/<name>.(cc|h) outside comments;
#  * CMakeLists.txt names examples bare in set(ipsec_examples ...): each <name> stands for
#    examples/<name>.cc (wscript lists them as literal paths).
# What counts as present: model/*.cc|h, helper/*.cc|h, examples/*.cc and test/*.cc (top level
# only: test/standalone/ is the standalone runner, not part of the module).

cmake_minimum_required(VERSION 3.16)

if(NOT SOURCE_DIR)
    message(FATAL_ERROR "pass -DSOURCE_DIR=<module directory>")
endif()

set(_path_regex "(model|helper|test|examples)/[A-Za-z0-9_.-]+\\.(cc|h)")

function(listed_files file out)
    if(NOT EXISTS ${file})
        message(FATAL_ERROR "${file} does not exist")
    endif()
    file(READ ${file} text)
    # Drop comments ('#' to end of line, in CMake and Python alike) so prose naming a file
    # does not count as listing it.
    string(REGEX REPLACE "#[^\n]*" "" text "${text}")
    string(REGEX MATCHALL "${_path_regex}" paths "${text}")
    string(REGEX MATCH "set\\(ipsec_examples([^)]*)\\)" block "${text}")
    if(block)
        string(REGEX MATCHALL "[A-Za-z0-9_.-]+" names "${CMAKE_MATCH_1}")
        foreach(name ${names})
            list(APPEND paths examples/${name}.cc)
        endforeach()
    endif()
    if(paths)
        list(REMOVE_DUPLICATES paths)
        list(SORT paths)
    endif()
    set(${out} "${paths}" PARENT_SCOPE)
endfunction()

# Reports both directions of a mismatch; sets <result> to FALSE on any.
function(compare name_a list_a name_b list_b result)
    set(only_a ${list_a})
    set(only_b ${list_b})
    if(list_b)
        list(REMOVE_ITEM only_a ${list_b})
    endif()
    if(list_a)
        list(REMOVE_ITEM only_b ${list_a})
    endif()
    set(ok TRUE)
    foreach(pair "a;b" "b;a")
        list(GET pair 0 x)
        list(GET pair 1 y)
        if(only_${x})
            string(REPLACE ";" "\n    " lines "${only_${x}}")
            message("MISMATCH: in ${name_${x}} but not in ${name_${y}}:\n    ${lines}")
            set(ok FALSE)
        endif()
    endforeach()
    if(ok)
        message(STATUS "${name_a} and ${name_b} agree")
    endif()
    set(${result} ${ok} PARENT_SCOPE)
endfunction()

listed_files(${SOURCE_DIR}/CMakeLists.txt cmake_files)
listed_files(${SOURCE_DIR}/wscript waf_files)

file(GLOB disk_files RELATIVE ${SOURCE_DIR}
     ${SOURCE_DIR}/model/*.cc ${SOURCE_DIR}/model/*.h
     ${SOURCE_DIR}/helper/*.cc ${SOURCE_DIR}/helper/*.h
     ${SOURCE_DIR}/examples/*.cc ${SOURCE_DIR}/test/*.cc)
list(SORT disk_files)

if(NOT cmake_files)
    message(FATAL_ERROR "found no file lists in ${SOURCE_DIR}/CMakeLists.txt")
endif()

set(name_cmake CMakeLists.txt)
set(name_waf wscript)
set(name_disk "the source tree (model/, helper/, examples/, test/*.cc)")
compare("${name_cmake}" "${cmake_files}" "${name_waf}" "${waf_files}" ok1)
compare("${name_cmake}" "${cmake_files}" "${name_disk}" "${disk_files}" ok2)
compare("${name_waf}" "${waf_files}" "${name_disk}" "${disk_files}" ok3)
if(NOT ok1 OR NOT ok2 OR NOT ok3)
    message(FATAL_ERROR "build file lists have drifted: make CMakeLists.txt (ipsec_sources, "
                        "ipsec_headers, ipsec_test_sources, ipsec_examples), wscript and the "
                        "files on disk agree")
endif()
list(LENGTH cmake_files n)
message(STATUS "CMakeLists.txt, wscript and the source tree agree on ${n} files")
