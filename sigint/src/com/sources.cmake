# Channel Operating Margin (IEEE 802.3 Annex 93A/178A) sources of racklink::sigint.
set(RACKLINK_COM_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/com.cpp
  ${CMAKE_CURRENT_LIST_DIR}/com_config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/com_dsp.cpp
  ${CMAKE_CURRENT_LIST_DIR}/com_presets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/com_erl.cpp
  ${CMAKE_CURRENT_LIST_DIR}/com_rxffe.cpp
  ${CMAKE_CURRENT_LIST_DIR}/com_c2m.cpp
  ${CMAKE_CURRENT_LIST_DIR}/com_burst.cpp
  ${CMAKE_CURRENT_LIST_DIR}/com_mlse.cpp
  ${CMAKE_CURRENT_LIST_DIR}/com_iln.cpp
  ${CMAKE_CURRENT_LIST_DIR}/com_td.cpp
)
