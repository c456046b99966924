# Reads manifest.ini, the one source of topic ids and order.
#
# llmlings_read_manifest(<file>) sets, in the caller's scope:
#   LLMLINGS_MODULES                 module ids in curriculum order
#   LLMLINGS_TOPICS                  topic ids (module/NN_name) in curriculum order
#   LLMLINGS_MODULE_TITLE_<module>   a module's title
#   LLMLINGS_TOPIC_TITLE_<id>        a topic's title      (id with / replaced by _)
#   LLMLINGS_TOPIC_REQUIRES_<id>     its prerequisites, a list
#   LLMLINGS_TOPIC_DOC_<id>          its doc anchor
#   LLMLINGS_MODULE_TITLE_KO_<module>, LLMLINGS_TOPIC_TITLE_KO_<id>   the Korean titles (title.ko)
# Hint lines (hint, hint.ko) are the CLI's business and are skipped here. Values may contain '[', ']' and ';',
# but a ';' in a title would split it when the title is used as a list, so titles avoid it.
function(llmlings_read_manifest file)
  # Read the text with '[', ']' and ';' encoded, so that no line can change how CMake splits
  # the list of lines (an unbalanced '[' in a hint would otherwise swallow every later topic).
  file(READ "${file}" text)
  string(ASCII 1 lb)
  string(ASCII 2 rb)
  string(ASCII 3 sc)
  string(REPLACE "[" "${lb}" text "${text}")
  string(REPLACE "]" "${rb}" text "${text}")
  string(REPLACE ";" "${sc}" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(modules "")
  set(topics "")
  set(section "")
  foreach(line IN LISTS lines)
    string(REPLACE "${lb}" "[" line "${line}")
    string(REPLACE "${rb}" "]" line "${line}")
    string(REPLACE "${sc}" ";" line "${line}")
    string(REGEX REPLACE "\r$" "" line "${line}")
    if(line MATCHES "^\\[module ([a-z0-9_]+)\\]$")
      set(section "module")
      set(current "${CMAKE_MATCH_1}")
      list(APPEND modules "${current}")
    elseif(line MATCHES "^\\[topic ([a-z0-9_]+)/([0-9][0-9]_[a-z0-9_]+)\\]$")
      set(section "topic")
      set(current "${CMAKE_MATCH_1}/${CMAKE_MATCH_2}")
      string(REPLACE "/" "_" key "${current}")
      list(APPEND topics "${current}")
      list(FIND modules "${CMAKE_MATCH_1}" known)
      if(known EQUAL -1)
        message(FATAL_ERROR "manifest.ini: topic ${current} appears before [module ${CMAKE_MATCH_1}]")
      endif()
    elseif(line MATCHES "^\\[")
      message(FATAL_ERROR "manifest.ini: cannot read section header '${line}'")
    elseif(line MATCHES "^title(\\.ko)? = (.*)$")
      # title -> LLMLINGS_..._TITLE_<id>, title.ko -> LLMLINGS_..._TITLE_KO_<id>
      string(TOUPPER "${CMAKE_MATCH_1}" lang)
      string(REPLACE "." "_" lang "${lang}")
      if(section STREQUAL "module")
        set(LLMLINGS_MODULE_TITLE${lang}_${current} "${CMAKE_MATCH_2}" PARENT_SCOPE)
      elseif(section STREQUAL "topic")
        set(LLMLINGS_TOPIC_TITLE${lang}_${key} "${CMAKE_MATCH_2}" PARENT_SCOPE)
      endif()
    elseif(section STREQUAL "topic" AND line MATCHES "^requires =(.*)$")
      string(STRIP "${CMAKE_MATCH_1}" req)
      string(REPLACE " " ";" req "${req}")
      set(LLMLINGS_TOPIC_REQUIRES_${key} "${req}" PARENT_SCOPE)
    elseif(section STREQUAL "topic" AND line MATCHES "^doc = (.*)$")
      set(LLMLINGS_TOPIC_DOC_${key} "${CMAKE_MATCH_1}" PARENT_SCOPE)
    endif()
  endforeach()
  set(LLMLINGS_MODULES "${modules}" PARENT_SCOPE)
  set(LLMLINGS_TOPICS "${topics}" PARENT_SCOPE)
endfunction()
