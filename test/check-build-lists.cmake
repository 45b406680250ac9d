# Fails when CMakeLists.txt, wscript and the files on disk disagree about the module's
# sources, headers, tests and examples. Run as: cmake -DSOURCE_DIR=<module> -P <this file>

if(NOT SOURCE_DIR)
    message(FATAL_ERROR "pass -DSOURCE_DIR=<module directory>")
endif()

set(_path_regex "(model|helper|test|examples)/[A-Za-z0-9_.-]+\\.(cc|h)")

# Paths listed literally in a build file, plus (CMake) examples listed by bare name.
function(listed_files file out)
    file(READ ${file} text)
    string(REGEX MATCHALL "${_path_regex}" paths "${text}")
    # CMakeLists.txt lists examples by name in ipsec_examples(...)
    string(REGEX MATCH "set\\(ipsec_examples([^)]*)\\)" block "${text}")
    if(block)
        string(REGEX MATCHALL "[A-Za-z0-9_-]+" names "${CMAKE_MATCH_1}")
        foreach(name ${names})
            list(APPEND paths examples/${name}.cc)
        endforeach()
    endif()
    list(REMOVE_DUPLICATES paths)
    list(SORT paths)
    set(${out} ${paths} PARENT_SCOPE)
endfunction()

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
    if(only_a)
        message(SEND_ERROR "in ${name_a} but not in ${name_b}: ${only_a}")
        set(ok FALSE)
    endif()
    if(only_b)
        message(SEND_ERROR "in ${name_b} but not in ${name_a}: ${only_b}")
        set(ok FALSE)
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

compare(CMakeLists.txt "${cmake_files}" wscript "${waf_files}" ok1)
compare(CMakeLists.txt "${cmake_files}" "the source tree" "${disk_files}" ok2)
if(NOT ok1 OR NOT ok2)
    message(FATAL_ERROR "build file lists have drifted; update CMakeLists.txt and wscript")
endif()
list(LENGTH cmake_files n)
message(STATUS "CMakeLists.txt, wscript and the source tree agree on ${n} files")
