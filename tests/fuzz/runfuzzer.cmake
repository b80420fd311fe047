# Runs a libFuzzer target for SECONDS over a fresh copy of the seed corpus SEEDS (the seeds stay
# untouched; new inputs go to WORK/corpus, crashes to WORK/).
# cmake -DFUZZER=... -DSEEDS=... -DWORK=... -DSECONDS=30 -P runfuzzer.cmake
foreach(var FUZZER SEEDS WORK SECONDS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "runfuzzer.cmake: ${var} is not set")
  endif()
endforeach()
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/corpus)
file(GLOB seeds ${SEEDS}/*)
file(COPY ${seeds} DESTINATION ${WORK}/corpus)
execute_process(
  COMMAND ${FUZZER} -max_total_time=${SECONDS} -max_len=32768 -timeout=20 -print_final_stats=1
          -artifact_prefix=${WORK}/ ${WORK}/corpus
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "the fuzzer failed (exit ${result}); the crashing input is in ${WORK}/")
endif()
