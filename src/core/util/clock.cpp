#include "core/util/clock.h"

#include "core/util/systemclock.h"

namespace claudette {

Clock *Clock::system()
{
    static SystemClock clock;
    return &clock;
}

} // namespace claudette
