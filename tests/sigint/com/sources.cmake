# COM tests (compiled into the sigint test executable).
set(RACKLINK_COM_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/test_com.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_com_erl.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_com_accm.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_com_fft.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_com_presets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_com_c2m.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_com_fvlms.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_com_wh.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_com_causality.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_com_config_fuzz.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_com_mlse.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_com_rxcal.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_com_iln.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_com_td.cpp
)
