#pragma once
// A FIFO queue of small values in a power-of-two ring buffer. It only allocates when it
// grows past its largest size so far, so a queue in steady state never touches the heap.
#include <cassert>
#include <cstddef>
#include <vector>

namespace capsim {

template <typename T> class FifoQueue {
public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void push(T value) {
    if (size_ == slots_.size()) {
      grow();
    }
    slots_[(head_ + size_) & (slots_.size() - 1)] = value;
    ++size_;
  }

  T pop() {
    assert(size_ > 0);
    const T value = slots_[head_];
    head_ = (head_ + 1) & (slots_.size() - 1);
    --size_;
    return value;
  }

  void clear() {
    head_ = 0;
    size_ = 0;
  }

private:
  void grow() {
    std::vector<T> larger(slots_.empty() ? 16 : slots_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) {
      larger[i] = slots_[(head_ + i) & (slots_.size() - 1)];
    }
    slots_ = std::move(larger);
    head_ = 0;
  }

  std::vector<T> slots_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

} // namespace capsim
